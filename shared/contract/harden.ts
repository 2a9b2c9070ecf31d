// What every channel's input obeys, applied once to the whole contract instead of field by field:
// objects are strict (an unknown key is refused, not silently dropped), every string and array has
// a maximum, and text refuses characters that cannot be written to xlsx/XML (control characters,
// U+FFFE/U+FFFF, lone surrogates) — an export would otherwise be cut short or fail to open.
import { z } from 'zod';

/** Bounds for fields that set none of their own. */
export const MAX_TEXT = 4000;
export const MAX_LIST = 5000;

// Allowed in XML 1.0: tab, newline, carriage return, and U+0020–U+D7FF, U+E000–U+FFFD, supplementary planes.
const XML_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const xmlSafe = (s: string) => !XML_UNSAFE.test(s);

type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } }; clone(def: unknown): z.ZodType };

function hasCheck(s: AnySchema, kind: string): boolean {
  const checks = (s._zod.def.checks as { _zod: { def: { check: string } } }[] | undefined) ?? [];
  return checks.some((c) => c._zod.def.check === kind);
}

function harden(schema: z.ZodType): z.ZodType {
  const s = schema as AnySchema;
  const def = s._zod.def;
  switch (def.type) {
    case 'object': {
      const shape: Record<string, z.ZodType> = {};
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) shape[k] = harden(v);
      return s.clone({ ...def, shape, catchall: z.never() });
    }
    case 'string': {
      let out = s as unknown as z.ZodString;
      if (!hasCheck(s, 'max_length')) out = out.max(MAX_TEXT, `内容过长（不超过 ${MAX_TEXT} 个字）`);
      return out.refine(xmlSafe, { message: '含有无法保存的特殊字符（如控制字符），请删除后重试' });
    }
    case 'array': {
      const element = harden(def.element as z.ZodType);
      const out = s.clone({ ...def, element }) as unknown as z.ZodArray;
      return hasCheck(s, 'max_length') ? out : out.max(MAX_LIST, `项目过多（不超过 ${MAX_LIST} 项）`);
    }
    case 'record':
      return s
        .clone({ ...def, keyType: harden(def.keyType as z.ZodType), valueType: harden(def.valueType as z.ZodType) })
        .refine((v) => Object.keys(v as object).length <= 500, { message: '项目过多（不超过 500 项）' });
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return s.clone({ ...def, innerType: harden(def.innerType as z.ZodType) });
    case 'union':
      return s.clone({ ...def, options: (def.options as z.ZodType[]).map(harden) });
    case 'pipe':
      return s.clone({ ...def, in: harden(def.in as z.ZodType), out: harden(def.out as z.ZodType) });
    case 'unknown':
    case 'any':
      // Free values (a rule setting's new value) are checked by their service; bound their size here.
      return s.refine((v) => v === undefined || JSON.stringify(v).length <= MAX_TEXT, { message: '内容过长' });
    default:
      return s;
  }
}

/** A long job's input may carry the job id its progress events and cancel refer to. */
const jobId = z.string().max(64).regex(/^[\w.:-]+$/).optional();

export function hardenInput<I extends z.ZodType>(input: I, long: boolean): I {
  const strict = harden(input);
  const def = (strict as AnySchema)._zod.def;
  if (long && def.type === 'object' && !('jobId' in (def.shape as object))) {
    return (strict as unknown as z.ZodObject).extend({ jobId }).strict() as unknown as I;
  }
  return strict as I;
}
