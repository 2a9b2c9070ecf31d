// CLI: person search and the 实有人口台账 export, through the same services as the UI.
import { resolve } from 'node:path';
import { z } from 'zod';
import { householdTagTable, residenceKindTable } from '../../../shared/codes';
import type { PersonRow } from '../../../shared/contract/people';
import { personFilter } from '../../../shared/contract/people';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import type { Channel } from '../../../shared/contract';
import { AppError } from '../errors';
import { codeOf } from '../../../shared/contract/common';

/** A positive whole number typed on the command line. */
const count = (option: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${option} 应为正整数`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${option} 至少为 1`).max(max, `${option} 不超过 ${max}`));

const idOption = (option: string) =>
  z.string().regex(/^\d+$/, `${option} 应为编号（正整数）`).transform(Number).pipe(z.number().int().positive(`${option} 应为编号（正整数）`));

const filterOptions = {
  db: { type: 'string' },
  village: { type: 'string' },
  grid: { type: 'string' },
  tag: { type: 'string' },
  kind: { type: 'string' },
  status: { type: 'string' },
  'no-grid': { type: 'boolean' },
} as const;

const filterSchema = {
  db: dbOption,
  village: idOption('--village').optional(),
  grid: idOption('--grid').optional(),
  tag: codeOf(householdTagTable).optional(),
  kind: codeOf(residenceKindTable).optional(),
  status: personFilter.shape.status,
  'no-grid': z.boolean().default(false),
};

type FilterArgs = {
  village?: number;
  grid?: number;
  tag?: string;
  kind?: string;
  status: '在册' | '迁出' | '死亡' | '全部';
  'no-grid': boolean;
};

const toFilter = (args: FilterArgs, query: string) => ({
  query,
  villageId: args.village,
  gridId: args.grid,
  tag: args.tag,
  residenceKind: args.kind,
  status: args.status,
  noGrid: args['no-grid'],
});

const search = defineCommand({
  name: 'search',
  summary: '按姓名、拼音首字母（如 zs）、全拼、身份证号的任意一段或电话查找人员',
  usage:
    'search 查询内容 --db FILE [--village 编号] [--grid 编号] [--tag 户标签] [--kind 户籍|流动] [--status 在册|迁出|死亡|全部] [--no-grid] [--offset N] [--limit N] [--json]',
  options: { ...filterOptions, offset: { type: 'string' }, limit: { type: 'string' } },
  schema: z.object({
    ...filterSchema,
    offset: z.string().regex(/^\d+$/, '--offset 应为非负整数').transform(Number).default(0),
    limit: count('--limit', 1000).default(100),
    positionals: z.array(z.string()).min(1, '请写出要查找的内容，例如：search 张三 --db town.db').max(1, '查找内容只能有一个（含空格时请加引号）'),
  }),
  run: (args, env) =>
    withSession(env, args.db, (s) =>
      s.call('person.search', { ...toFilter(args, args.positionals[0]!), offset: args.offset, limit: args.limit }),
    ),
  format: (r: { total: number; totalAtLeast: boolean; rows: PersonRow[] }) =>
    [
      `${r.totalAtLeast ? `${r.total} 人以上（用 --offset 往后翻）` : `共 ${r.total} 人`}${r.rows.length < r.total ? `，显示 ${r.rows.length} 人` : ''}`,
      ...r.rows.map((p) =>
        [p.name, p.idNumber, p.sex === '1' ? '男' : p.sex === '2' ? '女' : '', `${p.age}岁`, p.phone, p.villageName ?? '', p.gridName ?? '（无网格）', p.status]
          .filter(Boolean)
          .join('  '),
      ),
    ].join('\n'),
});

const EXPORT_KINDS = {
  population: '实有人口台账',
  households: '住户一览表',
  staff: '网格员花名册',
  grids: '网格一览表',
  released: '刑满释放人员台账',
  patients: '严重精神障碍患者台账',
  'low-income': '低保户台账',
  due: '今日待办清单',
} as const;
type ExportKind = keyof typeof EXPORT_KINDS;

/** One `export KIND` command for every list the app exports, through the same channels as the UI. */
const exportCommand = defineCommand({
  name: 'export',
  summary: `导出台账或名单（xlsx）：${Object.entries(EXPORT_KINDS).map(([k, v]) => `${k} ${v}`).join('，')}`,
  usage: `export ${Object.keys(EXPORT_KINDS).join('|')} --db FILE --out FILE.xlsx [--village 编号] [--grid 编号] [--tag 户标签] [--kind 户籍|流动] [--status 状态] [--no-grid] [--date YYYY-MM-DD] [--json]`,
  options: { ...filterOptions, out: { type: 'string' }, date: { type: 'string' } },
  schema: z.object({
    ...filterSchema,
    status: z.string().optional(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '--date 应为 YYYY-MM-DD').optional(),
    out: z.string({ error: '请用 --out 指定导出文件' }).regex(/\.xlsx$/i, '导出文件应以 .xlsx 结尾'),
    positionals: z
      .array(z.string())
      .length(1, `请写明导出什么：${Object.keys(EXPORT_KINDS).join('、')}`)
      .refine((p) => (p[0] ?? '') in EXPORT_KINDS, { message: `只能导出：${Object.entries(EXPORT_KINDS).map(([k, v]) => `${k}（${v}）`).join('、')}` }),
  }),
  run: (args, env) =>
    withSession(env, args.db, async (s) => {
      const kind = args.positionals[0] as ExportKind;
      // A path typed on the command line is relative to where the command runs.
      const path = resolve(args.out);
      const progress = stderrProgress(env, '导出');
      if (kind === 'population') {
        const status = personFilter.shape.status.safeParse(args.status);
        if (!status.success) throw new AppError('VALIDATION', `--status 只能是 在册、迁出、死亡 或 全部`);
        return s.call('person.export', { ...toFilter({ ...args, status: status.data }, ''), path }, progress);
      }
      const list = { villageId: args.village, gridId: args.grid, status: args.status, path };
      const channelInput: { [K in Exclude<ExportKind, 'population'>]: [Channel, unknown] } = {
        households: ['household.export', { path, gridId: args.grid }],
        staff: ['staff.export', { path, includeEnded: args.status === '全部' }],
        grids: ['grid.export', { path }],
        released: ['released.export', list],
        patients: ['patient.export', list],
        'low-income': ['lowIncome.export', list],
        due: ['due.export', { path, date: args.date ?? s.today, villageId: args.village, gridId: args.grid }],
      };
      const [channel, input] = channelInput[kind];
      return s.callAny(channel, input);
    }),
  format: (r: { path: string; rows: number }) => `已导出 ${r.rows} 行到 ${r.path}`,
});

export const personCommands: CliCommand[] = [search, exportCommand];
