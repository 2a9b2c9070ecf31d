// The town itself: first-run setup, reading and editing it.
import { z } from 'zod';
import { checkTownCode } from '../rules/regionCode';
import { ADMIN_ONLY, channel, read, write } from './define';

export const townCodeSchema = z.string({ error: '请填写统计用区划代码' }).superRefine((value, ctx) => {
  const check = checkTownCode(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
});

export const townInput = z.object({
  name: z
    .string({ error: '请填写乡镇名称' })
    .trim()
    .min(2, '乡镇名称至少2个字')
    .max(30, '乡镇名称不超过30个字')
    .regex(/^[\u4e00-\u9fa5A-Za-z0-9（）()·]+$/, '乡镇名称只能包含汉字、字母、数字和括号'),
  code: townCodeSchema.transform((v) => (checkTownCode(v) as { ok: true; code: string }).code),
});
export type TownInput = z.input<typeof townInput>;

export const town = z.object({
  name: z.string(),
  code: z.string(),
  kind: z.enum(['街道', '镇', '乡', '其他']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Town = z.infer<typeof town>;

export const townChannels = {
  /** null until first-run setup is done. */
  'town.get': channel(z.object({}).strict(), town.nullable(), read('none')),
  'town.setup': channel(townInput, town, write('town')),
  'town.update': channel(townInput, town, write('town', { roles: ADMIN_ONLY })),
};
