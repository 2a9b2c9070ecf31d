// CLI for grid workers' visits, through dispatch like every command:
//   visit add --db DB (--household ID | --person ID) --staff ID --date YYYY-MM-DD [--method 家访] --content TEXT [--today D] [--json]
//   visit list --db DB [--worker ID] [--month YYYY-MM] [--grid ID] [--village ID] [--class 重点户|普通户] [--limit N] [--json]
//   visit import FILE.xlsx --db DB [--dry-run] [--skip-invalid] [--sheet NAME] [--today D] [--json]   (the `import residents` report)
//   visit due --db DB [--date YYYY-MM-DD] [--worker ID] [--json]
//   visit template FILE.xlsx
//   visit assessment --db DB (--month YYYY-MM | --week YYYY-MM-DD | --year YYYY) [--json]
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ImportReport } from '../../../shared/contract/importing';
import type { AssessmentOut, VisitDueItem, VisitRow } from '../../../shared/contract/visits';
import { dateString } from '../../../shared/contract/common';
import { HOUSEHOLD_CLASSES } from '../../../shared/rules/householdClass';
import { dbOption, monthOption, noPositionals, stderrProgress, todayOption, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

const idOption = (label: string) => z.string().regex(/^[1-9]\d{0,9}$/, `${label}应为正整数编号`).transform(Number).optional();

const add = defineCommand({
  name: 'visit add',
  summary: '登记一次网格员走访（民情日志）',
  usage: 'visit add --db FILE (--household 户编号 | --person 人员编号) --staff 网格员编号 --date YYYY-MM-DD [--method 家访] --content 发现情况 [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, household: { type: 'string' }, person: { type: 'string' }, staff: { type: 'string' }, date: { type: 'string' }, method: { type: 'string' }, content: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    household: idOption('--household'),
    person: idOption('--person'),
    staff: z.string({ error: '请用 --staff 指定网格员编号' }).regex(/^[1-9]\d{0,9}$/, '--staff 应为正整数编号').transform(Number),
    date: dateString('--date（走访日期）'),
    method: z.string().optional(),
    content: z.string({ error: '请用 --content 写明发现情况' }),
    today: todayOption,
    positionals: noPositionals('visit add'),
  }),
  run: (args, env) =>
    withSession(env, args.db, (s) => s.call('visit.add', {
      householdId: args.household ?? null, residentId: args.person ?? null, staffId: args.staff, date: args.date, content: args.content,
      ...(args.method ? { method: args.method } : {}),
    }), args.today),
  format: (r: VisitRow) => `已登记走访（编号 ${r.id}）：${r.date} ${r.staffName} 走访 ${r.headName ?? ''}${r.householdNumber ? `（户号 ${r.householdNumber}）` : ''}`,
});

const list = defineCommand({
  name: 'visit list',
  summary: '列出走访记录（可按网格员、月份、网格、村、住户类别筛选），新的在前',
  usage: 'visit list --db FILE [--worker 网格员编号] [--month YYYY-MM] [--grid 网格编号] [--village 村编号] [--class 重点户|普通户] [--limit N] [--json]',
  options: { db: { type: 'string' }, worker: { type: 'string' }, month: { type: 'string' }, grid: { type: 'string' }, village: { type: 'string' }, class: { type: 'string' }, limit: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    worker: idOption('--worker'),
    month: monthOption.optional(),
    grid: idOption('--grid'),
    village: idOption('--village'),
    class: z.enum(HOUSEHOLD_CLASSES, { error: '--class 应为 重点户 或 普通户' }).optional(),
    limit: z.string().regex(/^\d{1,4}$/, '--limit 应为 1–1000').transform(Number).refine((n) => n >= 1 && n <= 1000, '--limit 应为 1–1000').default(100),
    positionals: noPositionals('visit list'),
  }),
  run: (args, env) =>
    withSession(env, args.db, (s) => s.call('visit.list', {
      staffId: args.worker, month: args.month, gridId: args.grid, villageId: args.village, householdClass: args.class, limit: args.limit,
    })),
  format: (r: { rows: VisitRow[]; total: number }) =>
    [`走访记录共 ${r.total} 条${r.rows.length < r.total ? `（显示 ${r.rows.length} 条）` : ''}`, ...r.rows.map((v) => `  ${v.date}\t${v.staffName}\t${v.village ?? ''}/${v.grid ?? ''}\t${v.householdNumber ?? ''} ${v.headName ?? ''}\t${v.method}\t${v.content}`)].join('\n'),
});

const importVisits = defineCommand({
  name: 'visit import',
  summary: '从 Excel 导入一周的走访记录（--dry-run 只检查不写入；--skip-invalid 跳过有问题的行）',
  usage: 'visit import FILE.xlsx --db FILE [--dry-run] [--skip-invalid] [--sheet NAME] [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'skip-invalid': { type: 'boolean' }, sheet: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    'dry-run': z.boolean().default(false),
    'skip-invalid': z.boolean().default(false),
    sheet: z.string().min(1, '--sheet 后请写工作表的名称').max(100).optional(),
    today: todayOption,
    positionals: z.array(z.string()).length(1, '请给出要导入的 Excel 文件（.xlsx），例如：visit import 走访.xlsx --db town.db'),
  }),
  run: (args, env) => {
    const path = resolve(args.positionals[0]!);
    const sheet = args.sheet === undefined ? {} : { sheet: args.sheet };
    const progress = stderrProgress(env, '导入');
    return withSession(env, args.db, (s) =>
      args['dry-run'] ? s.call('visit.import.preview', { path, ...sheet }, progress) : s.call('visit.import.run', { path, skipInvalid: args['skip-invalid'], ...sheet }, progress),
    args.today);
  },
  format: (r: ImportReport) =>
    [
      `${r.dryRun ? '检查结果（未写入数据库）' : '导入完成'}：工作表「${r.sheet}」共 ${r.totalRows} 行，${r.dryRun ? '将' : '已'}新增 ${r.added} 条走访，跳过 ${r.skipped} 行。`,
      ...(r.problems.length ? [`问题 ${r.problems.length} 个：`, ...r.problems.map((p) => `  第${p.row}行 ${p.column ? `${p.column} ` : ''}${p.message}`)] : []),
    ].join('\n'),
});

const due = defineCommand({
  name: 'visit due',
  summary: '列出某日本周期内尚未走访的住户（重点户每月、普通户每季度，可在设置中调整）',
  usage: 'visit due --db FILE [--date YYYY-MM-DD] [--worker 网格员编号] [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, date: { type: 'string' }, worker: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({ db: dbOption, date: dateString('--date（日期）').optional(), worker: idOption('--worker'), today: todayOption, positionals: noPositionals('visit due') }),
  run: (args, env) =>
    withSession(env, args.db, async (s) => s.call('visit.due', { date: args.date ?? s.today, staffId: args.worker }), args.today),
  format: (r: { items: VisitDueItem[] }) =>
    [`待走访 ${r.items.length} 户`, ...r.items.map((i) => `  ${i.dueDate} 前\t${i.cls}${i.reasons.length ? `（${i.reasons.join('、')}）` : ''}\t${i.village ?? ''}/${i.grid ?? ''}\t${i.number} ${i.headName}`)].join('\n'),
});

const template = defineCommand({
  name: 'visit template',
  summary: '生成一周走访登记表的 Excel 模板（含填写说明和取值说明）',
  usage: 'visit template FILE.xlsx',
  options: {},
  schema: z.object({ positionals: z.array(z.string()).length(1, '请给出模板的保存路径（.xlsx）') }),
  run: (args, env) => withSession(env, null, (s) => s.call('visit.template', { path: resolve(args.positionals[0]!) })),
  format: (r: { path: string }) => `已生成走访登记表模板：${r.path}`,
});

const assessment = defineCommand({
  name: 'visit assessment',
  summary: '网格员考核：--week 周巡查（走访进度、发现问题、上报事件），--month 月考核（T6，含得分），--year 年评比（每月得分、平均分、排名、等级）',
  usage: 'visit assessment --db FILE (--month YYYY-MM | --week YYYY-MM-DD | --year YYYY) [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, week: { type: 'string' }, year: { type: 'string' }, today: { type: 'string' } },
  schema: z
    .object({
      db: dbOption,
      month: monthOption.optional(),
      week: dateString('--week（周内任一天）').optional(),
      year: z.string().regex(/^\d{4}$/, '--year 应为 YYYY，如 2026').optional(),
      today: todayOption,
      positionals: noPositionals('visit assessment'),
    })
    .refine((a) => [a.month, a.week, a.year].filter((v) => v !== undefined).length === 1, '请只给出 --month、--week、--year 中的一个'),
  run: (args, env) =>
    withSession(env, args.db, (s) => s.call('visit.assessment', args.week !== undefined ? { week: args.week } : args.year !== undefined ? { year: args.year } : { month: args.month }), args.today),
  format: (r: AssessmentOut) => {
    const rate = (v: number | null) => (v === null ? '—' : `${v}%`);
    const num = (v: number | null) => (v === null ? '—' : v.toFixed(1));
    if (r.period === 'week') {
      return [`${r.weekNumber} 网格员周巡查：网格员 网格 应走访/已走访 走访率 重点户走访率 走访次数 发现问题 上报事件`,
        ...[...r.rows, r.total].map((x) => `  ${x.worker} ${x.grids} ${x.due}/${x.visited} ${rate(x.visitRate)} ${rate(x.keyVisitRate)} ${x.visits} ${x.findings} ${x.reported}`)].join('\n');
    }
    if (r.period === 'year') {
      return [`${r.year} 年网格员年度评比（优秀 ${r.grades.places} 名）：排名 网格员 网格 1–12 月得分 平均分 等级`,
        ...r.rows.map((x) => `  ${x.rank ?? '—'} ${x.worker} ${x.grids} ${x.scores.map(num).join(' ')} ${num(x.average)} ${x.grade ?? '—'}`)].join('\n');
    }
    return [`${r.month} 网格员履职考核：网格员 网格 应走访/已走访 走访率 重点户走访率 上报事件 按期办结 得分`,
      ...[...r.rows, r.total].map((x) => `  ${x.worker} ${x.grids} ${x.due}/${x.visited} ${rate(x.visitRate)} ${rate(x.keyVisitRate)} ${x.reported} ${x.closedInTime}/${x.closeDue} ${x.score ?? '—'}`)].join('\n');
  },
});

export const visitCommands: CliCommand[] = [add, list, importVisits, due, template, assessment];
