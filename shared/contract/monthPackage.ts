// The month's county package (reports.md "The monthly county package", domain.md "Months and reports"): generate
// it (which freezes the month), write it again byte for byte, reopen it with a reason, mark it sent, see every
// month's state, and verify a package folder against its manifest.
import { z } from 'zod';
import { TOWN_WRITERS, channel, read, write } from './define';
import { dateString } from './common';
import { reportMonth } from './reports';

export const MONTH_STATES = ['open', 'frozen', 'sent', 'reopened'] as const;
export type MonthState = (typeof MONTH_STATES)[number];
export const MONTH_STATE_LABELS: Record<MonthState, string> = { open: '未生成', frozen: '已生成（冻结）', sent: '已报送', reopened: '已重新打开' };

const folderPath = z.string({ error: '请选择保存月报的文件夹' }).trim().min(1, '请选择保存月报的文件夹').max(1000, '文件夹路径太长');

export const packageFile = z.object({ name: z.string(), size: z.number().int(), sha256: z.string() });
export type PackageFile = z.infer<typeof packageFile>;

/** The figures a leader looks at first, written into the manifest. */
export const headline = z.object({
  villages: z.number(), grids: z.number(), staffingRate: z.number().nullable(), households: z.number(), residents: z.number(),
  released: z.number(), releasedOutOfContact: z.number(), patients: z.number(), patientsAtRisk3Plus: z.number(),
  lowIncomeHouseholds: z.number(), lowIncomePersons: z.number(), lowIncomeAmount: z.number(),
});
export type Headline = z.infer<typeof headline>;

export const manifest = z.object({
  format: z.literal('zongzhi-monthly/1'),
  app: z.object({ name: z.string(), version: z.string() }),
  town: z.object({ name: z.string(), code: z.string() }),
  month: z.string(),
  generatedAt: z.string(),
  headline,
  files: z.array(packageFile),
});
export type Manifest = z.infer<typeof manifest>;

export const monthEvent = z.object({ kind: z.enum(['frozen', 'reopened', 'sent']), reason: z.string().nullable(), byName: z.string(), at: z.string() });

export const monthSummary = z.object({
  month: z.string(),
  state: z.enum(MONTH_STATES),
  frozenAt: z.string().nullable(),
  sentOn: z.string().nullable(),
  sentHow: z.string().nullable(),
  files: z.number().int(),
  bytes: z.number().int(),
});
export type MonthSummary = z.infer<typeof monthSummary>;

export const monthDetail = monthSummary.extend({
  headline: headline.nullable(),
  fileList: z.array(packageFile),
  events: z.array(monthEvent),
});
export type MonthDetail = z.infer<typeof monthDetail>;

export const packageResult = z.object({
  month: z.string(),
  dir: z.string(),
  zipPath: z.string().nullable(),
  /** true when this call froze the month; false when it wrote a frozen month's files again. */
  froze: z.boolean(),
  files: z.array(packageFile),
  manifestSha256: z.string(),
});
export type PackageResult = z.infer<typeof packageResult>;

export const verifyResult = z.object({
  ok: z.boolean(),
  month: z.string().nullable(),
  town: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), status: z.enum(['ok', 'changed', 'missing', 'extra']), expected: z.string().nullable(), actual: z.string().nullable() })),
});
export type VerifyResult = z.infer<typeof verifyResult>;

const reason = z.string({ error: '请写明原因' }).trim().min(2, '请写明原因（至少 2 个字）').max(200, '原因最多 200 个字');

export const monthPackageChannels = {
  /** Every month from the first the town can report to this one, newest first, with its state. */
  'month.list': channel(z.object({}), z.array(monthSummary), read('town')),
  'month.get': channel(z.object({ month: reportMonth }), monthDetail, read('town')),
  /**
   * Generate the month's package into `dir` (a folder `{镇名}_{YYYY}年{MM}月_综治月报` is made there) and freeze the
   * month; a frozen month is written again from the files kept, byte for byte.
   */
  'month.package': channel(z.object({ month: reportMonth, dir: folderPath, zip: z.boolean().default(true) }), packageResult, write('town', { long: true })),
  /**
   * The 月报 page opened: a job worker is started ahead, its libraries loaded, so 生成 does not wait for them
   * (jobs/runner.ts). Answers at once; reads nothing.
   */
  'month.prepare': channel(z.object({}), z.object({}), read('none', { roles: TOWN_WRITERS })),
  'month.reopen': channel(z.object({ month: reportMonth, reason }), monthDetail, write('town')),
  'month.markSent': channel(
    z.object({ month: reportMonth, sentOn: dateString('报送日期'), how: z.string({ error: '请写明报送方式' }).trim().min(1, '请写明报送方式').max(60, '报送方式最多 60 个字') }),
    monthDetail,
    write('town'),
  ),
  /** Recompute every file's SHA-256 against the package's manifest.json (a folder or the .zip). */
  'month.verify': channel(z.object({ path: z.string({ error: '请选择月报文件夹或压缩包' }).trim().min(1, '请选择月报文件夹或压缩包').max(1000) }), verifyResult, read('none')),
};
