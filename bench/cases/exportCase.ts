// Population export (实有人口台账 xlsx) against the raw exceljs streaming writer writing the same rows
// with no styling.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  certificateTypeTable, dwellingTypeTable, educationTable, ethnicityTable, householdTagTable, inflowReasonTable, labelOf, maritalTable,
  politicalTable, relationTable, residenceKindTable, sexTable,
} from '../../shared/codes';
import { contract } from '../../shared/contract';
import { ageOn } from '../../shared/rules/idNumber';
import type { ServiceContext } from '../../electron/core/context';
import { exportPopulation } from '../../electron/core/people/export';
import { type BenchCase, type BenchEnv, median, round, timed } from '../lib';

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

export const exportCase: BenchCase = {
  name: 'export',
  title: '导出实有人口 xlsx',
  async run(env: BenchEnv) {
    const { ctx } = env.town!;
    const filter = (path: string) => contract['person.export'].input.parse({ status: '在册', noGrid: false, path });
    const exportMs: number[] = [];
    const rawMs: number[] = [];
    let rows = 0;
    let sizes = '';
    let exportRssMb = NaN;
    for (let i = 0; i < env.runs; i++) {
      for (const kind of i % 2 === 0 ? (['export', 'raw'] as const) : (['raw', 'export'] as const)) {
        const path = join(env.dir, `${kind}-${i}.xlsx`);
        if (kind === 'export') {
          if (i === 0) env.rss.reset();
          const r = await timed(() => exportPopulation(ctx, filter(path)));
          if (i === 0) exportRssMb = env.rss.peakMb();
          exportMs.push(r.ms);
          rows = r.value.rows;
          if (i === 0) sizes += `导出文件 ${round(statSync(path).size / 1024 ** 2, 1)} MB`;
          env.log(`  export run ${i + 1}: ${Math.round(r.ms)} ms (${r.value.rows} rows)`);
        } else {
          const r = await timed(() => rawExport(ctx, path));
          rawMs.push(r.ms);
          if (i === 0) sizes += `${sizes ? '，' : ''}基线文件 ${round(statSync(path).size / 1024 ** 2, 1)} MB`;
          env.log(`  raw    run ${i + 1}: ${Math.round(r.ms)} ms (${r.value} rows)`);
        }
        rmSync(path, { force: true });
      }
    }
    const value = median(exportMs);
    const baseline = median(rawMs);
    const ratio = value / baseline;
    return {
      measures: [
        { name: `export ${rows} rows`, value, unit: 'ms', baseline, ratio, goal: '≤ 1.3×', met: ratio <= 1.3, samples: exportMs, baselineSamples: rawMs },
        { name: 'peak RSS, first export (fresh process)', value: exportRssMb, unit: 'MB', goal: '≤ 300 MB', met: exportRssMb <= 300 },
      ],
      appPeakRssMb: round(exportRssMb, 1),
      notes: [`基线 = 同样的行和 32 列（代码转名称、户主、户标签）用 exceljs 流式写出，不设样式；${sizes}`],
    };
  },
};
