// Population export (实有人口台账 xlsx) against the raw exceljs streaming writer writing the same rows
// with no styling.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  certificateTypeTable, dwellingTypeTable, educationTable, ethnicityTable, householdTagTable, inflowReasonTable, labelOf, maritalTable,
  politicalTable, relationTable, residenceKindTable, sexTable,
} from '../../shared/codes';
import { ageOn } from '../../shared/rules/idNumber';
import { pathToFileURL } from 'node:url';
import type { ServiceContext } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { benchJobs } from '../jobs';
import { type BenchCase, type BenchEnv, inWorker, type MainThreadReport, type Measure, median, round, watchMainThread } from '../lib';
import { openContext } from '../town';

const RAW_MODULE = pathToFileURL(import.meta.filename).href;

interface Row {
  village: string | null; grid: string | null; number: string | null; head_name: string | null; head_id: string | null;
  relation: string | null; name: string; former_name: string; id_number: string; sex: string; birth_date: string;
  ethnicity: string | null; native_place: string; marital: string | null; political: string | null; education: string | null;
  religion: string; occupation: string; phone: string; registered_address: string; current_address: string; residence_kind: string;
  inflow_reason: string | null; certificate_type: string | null; certificate_number: string; inflow_date: string | null;
  certificate_expiry: string | null; dwelling_type: string | null; key_concern: number; tags: string | null;
}

const ROWS_SQL = `
  select v.name as village, g.name as grid, h.number, hd.name as head_name, hd.id_number as head_id, r.relation, r.name,
         r.former_name, r.id_number, r.sex, r.birth_date, r.ethnicity, r.native_place, r.marital, r.political, r.education,
         r.religion, r.occupation, r.phone, r.registered_address, r.current_address, r.residence_kind, r.inflow_reason,
         r.certificate_type, r.certificate_number, r.inflow_date, r.certificate_expiry, r.dwelling_type, r.key_concern,
         (select group_concat(tag, ',') from household_tag t where t.household_id = r.household_id) as tags
    from resident r
    left join household h on h.id = r.household_id
    left join resident hd on hd.household_id = r.household_id and hd.relation = '02'
    left join grid g on g.id = r.grid_id
    left join village v on v.id = g.village_id
   where r.status = '在册'
   order by v.code, g.code, h.number, r.relation, r.id`;

const HEADER = [
  '序号', '村（社区）', '网格', '户号', '户主姓名', '户主公民身份号码', '与户主关系', '姓名', '曾用名', '公民身份号码', '性别', '出生日期', '年龄',
  '民族', '籍贯', '婚姻状况', '政治面貌', '学历', '宗教信仰', '职业', '联系电话', '户籍地址', '现住址', '人口类别', '流入原因', '办证类型',
  '证件号码', '登记日期', '证件到期日期', '住所类型', '重点关注', '户标签',
];

/** The plain way: the same rows and columns (codes as labels), unstyled, through exceljs's streaming writer. */
export async function rawExport(ctx: ServiceContext, path: string): Promise<number> {
  const today = ctx.today();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('实有人口');
  ws.addRow(HEADER).commit();
  let n = 0;
  for (const r of ctx.ledger.sqlite.prepare(ROWS_SQL).iterate() as IterableIterator<Row>) {
    n++;
    ws.addRow([
      n, r.village ?? '', r.grid ?? '（无网格）', r.number ?? '', r.head_name ?? '', r.head_id ?? '', labelOf(relationTable, r.relation), r.name,
      r.former_name, r.id_number, labelOf(sexTable, r.sex), r.birth_date, ageOn(r.birth_date, today), labelOf(ethnicityTable, r.ethnicity),
      r.native_place, labelOf(maritalTable, r.marital), labelOf(politicalTable, r.political), labelOf(educationTable, r.education),
      r.religion, r.occupation, r.phone, r.registered_address, r.current_address, labelOf(residenceKindTable, r.residence_kind),
      labelOf(inflowReasonTable, r.inflow_reason), labelOf(certificateTypeTable, r.certificate_type), r.certificate_number,
      r.inflow_date ?? '', r.certificate_expiry ?? '', labelOf(dwellingTypeTable, r.dwelling_type), r.key_concern ? '是' : '',
      r.tags ? r.tags.split(',').map((t) => labelOf(householdTagTable, t)).join('、') : '',
    ]).commit();
  }
  await ws.commit();
  await wb.commit();
  return n;
}

/** For the baseline worker: the raw export of a database file. */
export async function rawExportFile(dbPath: string, path: string): Promise<number> {
  const ctx = openContext(dbPath);
  try {
    return await rawExport(ctx, path);
  } finally {
    ctx.ledger.close();
  }
}

export const exportCase: BenchCase = {
  name: 'export',
  title: '导出实有人口 xlsx（后台线程）',
  async run(env: BenchEnv) {
    const { ctx } = env.town!;
    // The app's way: person.export through dispatch, which hands it to the job worker.
    const { jobs, workerFile } = benchJobs();
    const appCtx: ServiceContext = { ...ctx, jobs };
    const ping = () => dispatch(ctx, 'town.get', {});
    const app: MainThreadReport<{ rows: number }>[] = [];
    const raw: MainThreadReport<number>[] = [];
    let sizes = '';
    for (let i = 0; i < env.runs; i++) {
      for (const kind of i % 2 === 0 ? (['export', 'raw'] as const) : (['raw', 'export'] as const)) {
        const path = join(env.dir, `${kind}-${i}.xlsx`);
        if (kind === 'export') {
          const r = await watchMainThread(env.rss, ping, async () => {
            const res = await dispatch(appCtx, 'person.export', { status: '在册', path });
            if (!res.ok) throw new Error(res.error.message);
            return res.value as { rows: number };
          });
          app.push(r);
          if (i === 0) sizes += `导出文件 ${round(statSync(path).size / 1024 ** 2, 1)} MB`;
          env.log(`  export run ${i + 1}: ${Math.round(r.ms)} ms (${r.value.rows} rows), main lag ≤ ${round(r.worstLagMs, 1)} ms, ping ≤ ${round(r.worstPingMs, 1)} ms (${r.pings})`);
        } else {
          const w = await watchMainThread(env.rss, ping, () => inWorker<number>(RAW_MODULE, 'rawExportFile', [ctx.ledger.path, path]));
          const r = { ...w, value: w.value.value, ms: w.value.ms };
          raw.push(r);
          if (i === 0) sizes += `，基线文件 ${round(statSync(path).size / 1024 ** 2, 1)} MB`;
          env.log(`  raw    run ${i + 1}: ${Math.round(r.ms)} ms (${r.value} rows), main lag ≤ ${round(r.worstLagMs, 1)} ms`);
        }
        rmSync(path, { force: true });
      }
    }
    return { measures: jobMeasures('export', app, raw, app[0]?.value.rows ?? 0), notes: [`基线 = 同样的行和 32 列（代码转名称、户主、户标签）用 exceljs 流式写出，不设样式，也在后台线程中；${sizes}；app worker: ${workerFile}`] };
  },
};

/** The figures the one-way-in issue asks of a job: its time against the plain way, and what the main thread felt. */
export function jobMeasures(what: string, app: MainThreadReport<unknown>[], raw: MainThreadReport<unknown>[], rows: number): Measure[] {
  const value = median(app.map((r) => r.ms));
  const baseline = median(raw.map((r) => r.ms));
  const ratio = value / baseline;
  const lag = Math.max(...app.map((r) => r.worstLagMs));
  const ping = Math.max(...app.map((r) => r.worstPingMs));
  const heap = Math.max(...app.map((r) => r.mainHeapPeakMb));
  const rssApp = median(app.map((r) => r.processRssGrowthMb));
  const rssRaw = median(raw.map((r) => r.processRssGrowthMb));
  return [
    { name: `${what} ${rows} rows (in the job worker)`, value, unit: 'ms', baseline, ratio, goal: '≤ 1.1×', met: ratio <= 1.1, samples: app.map((r) => r.ms), baselineSamples: raw.map((r) => r.ms) },
    { name: `main event-loop worst lag during ${what}`, value: lag, unit: 'ms', goal: '≤ 50 ms', met: lag <= 50, samples: app.map((r) => r.worstLagMs) },
    { name: `slowest town.get answered during ${what}`, value: ping, unit: 'ms', samples: app.map((r) => r.worstPingMs) },
    { name: `main-thread heap peak during ${what}`, value: heap, unit: 'MB', goal: '≤ 200 MB', met: heap <= 200 },
    { name: `memory the ${what} job adds (process RSS growth)`, value: rssApp, unit: 'MB', baseline: rssRaw, ratio: rssApp / rssRaw, goal: '≤ 1.1×', met: rssApp / rssRaw <= 1.1 },
  ];
}
