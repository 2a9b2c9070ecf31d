// Masking of ID numbers and phones by role and purpose (issue 10, item 4). Decided here, applied in one
// place: dispatch masks a reply after its output is validated, from the channel's `mask` declaration.
//
// The decision:
// - 'list' channels (many people at once on screen: 实有人口 search, 找人, the three ledgers' lists, 今日待办,
//   报表's 名单): masked for every account. A list is for finding someone; the person's own page has the
//   full values, and the county files have them too.
// - 'detail' channels (one person's or one entry's page, and what a write returns): full for 管理员,
//   工作人员 and 村级用户 (the 村级用户 only ever sees their own villages: the scope layer), who visit, phone
//   and fill forms; masked for 只读, who looks but never acts on a person.
// - Files (the *.export, report.ledger, month.package, letters, cards, county forms): always full, for every
//   role that may call them, 只读 included — they are the county's copies and the 打印 sheets, and need the
//   numbers; their replies carry no ID numbers. The 低保公示表 is masked by its own rule (posting.ts).
// - 网格员 (staff.list) is 'detail': the roster is where staff are edited, and their phones hang on every
//   grid's board anyway.
// - A database not yet protected (no keyring, no accounts: tests, the CLI on a plain file, the demo) masks
//   nothing: anyone at the PC can read such a file in full, so masking would hide nothing there.
// Masked values can never be saved back: the phone and ID schemas refuse '*'.
import type { MaskPurpose, Role } from '../contract/define';

/** Whether a reply for this purpose is masked for this role (null: nobody logged in, who gets no data anyway). */
export function masksFor(purpose: MaskPurpose, role: Role | null): boolean {
  if (role === null || role === 'readonly') return true;
  return purpose === 'list';
}

/** 320102199001011234 → 320102********1234 (birth date and sequence hidden); 15-digit numbers alike. */
export function maskIdNumber(id: string): string {
  const value = id.trim();
  if (value.length === 18) return `${value.slice(0, 6)}********${value.slice(14)}`;
  if (value.length === 15) return `${value.slice(0, 6)}******${value.slice(12)}`;
  // Anything else (a foreigner's document, a typo kept from an import): only its last 4 characters.
  return value.length > 4 ? `${'*'.repeat(value.length - 4)}${value.slice(-4)}` : value;
}

const MOBILE = /^(?:\+?86[\s-]?)?(1\d{2})[\s-]?(\d{4})[\s-]?(\d{4})$/;
const LANDLINE = /^(\(?0\d{2,3}\)?[\s-]?)(\d{7,8})((?:[\s-]|转|#).{1,8})?$/;

/** 13812345678 → 138****5678; 0510-88776655 → 0510-****6655 (area code and extension kept); 88776655 → ****6655. */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  const mobile = MOBILE.exec(value);
  if (mobile) return `${mobile[1]}****${mobile[3]}`;
  const landline = LANDLINE.exec(value);
  if (landline) {
    const [, area = '', number = '', extension = ''] = landline;
    return `${area}${'*'.repeat(number.length - 4)}${number.slice(-4)}${extension}`;
  }
  // Several numbers, or a form we do not know: every digit but the last 4 of each run of 7 or more.
  return value.replace(/\d{7,}/g, (run) => `${'*'.repeat(run.length - 4)}${run.slice(-4)}`);
}

// Field names (at any depth of a reply) that hold an ID number or a phone.
const ID_FIELD = /idnumber$/i;
const PHONE_FIELD = /(phone|mobile)$/i;

/** A copy of a reply with every ID number and phone field masked; everything else as it was. */
export function maskSensitive<T>(value: T): T {
  return maskValue(value, 0) as T;
}

/** What a field of that name holds: 0 nothing to mask, 1 an ID number, 2 a phone. Kept per name (a reply has few). */
type FieldKind = 0 | 1 | 2;
const fieldKinds = new Map<string, FieldKind>();
function fieldKind(key: string): FieldKind {
  let kind = fieldKinds.get(key);
  if (kind === undefined) {
    kind = ID_FIELD.test(key) ? 1 : PHONE_FIELD.test(key) ? 2 : 0;
    // Bounded: names come from our own schemas, but a reply is not trusted to be small.
    if (fieldKinds.size < 2048) fieldKinds.set(key, kind);
  }
  return kind;
}

function maskValue(value: unknown, kind: FieldKind): unknown {
  if (typeof value === 'string') return kind === 1 ? maskIdNumber(value) : kind === 2 ? maskPhone(value) : value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, kind));
  if (value !== null && typeof value === 'object') {
    // A spread copy defines its keys, so one named __proto__ stays a plain own key (and, being own, is then
    // assigned as one) instead of replacing the prototype. Only fields that can change are visited again:
    // this runs on every list a protected database sends (50 persons a search page).
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const k of Object.keys(out)) {
      const v = out[k];
      if (typeof v === 'string') {
        const kindHere = fieldKind(k);
        if (kindHere !== 0) out[k] = maskValue(v, kindHere);
      } else if (v !== null && typeof v === 'object') {
        out[k] = maskValue(v, fieldKind(k));
      }
    }
    return out;
  }
  return value;
}

/** The reply a caller receives: masked when the database is protected and the role and purpose say so. */
export function maskReply<T>(purpose: MaskPurpose, role: Role | null, protectedFile: boolean, value: T): T {
  return protectedFile && masksFor(purpose, role) ? maskSensitive(value) : value;
}
