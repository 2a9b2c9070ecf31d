// 一表通: county forms saved with their mapping (the county_form table) and filled for a month from the report figures
// (villages) or the key-group ledgers (persons). The lead's monthly package calls fillCountyForm and countyFormNames.
import { basename } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import { contract } from '../../../shared/contract';
import { formMapping, type FormMapping, type SavedForm } from '../../../shared/contract/countyForms';
import type { ReportFigures } from '../../../shared/contract/reports';
import { labelOf, originalCrimeTable, sexTable } from '../../../shared/codes';
import { FORM_FIGURE, monthLabel } from '../../../shared/reports/countyForms';
import { figureOf, type FigureRow } from '../../../shared/reports/tables';
import { chineseDate } from '../../../shared/rules/dates';
import type { ServiceContext } from '../context';
import { countyForm } from '../db/schema';
import { inWrite } from '../db/write';
import { notFound, validationError } from '../errors';
import { guardOf, writeOutputFile } from '../files/safeOutput';
import { listLowIncome } from '../ledgers/lowIncome/service';
import { listPatients } from '../ledgers/patient/service';
import { listReleased } from '../ledgers/released/service';
import { reportFigures } from '../reports/figures';
import { fillWorkbook, formProblems, inspectWorkbook, loadWorkbook, placeholderMapping, readFormFile, refuseForm, type CellValue, type FillData } from './workbook';

const now = () => new Date().toISOString();

export async function inspectCountyForm(_ctx: ServiceContext, input: ChannelParsed<'countyForm.inspect'>) {
  const { bytes } = readFormFile(input.path);
  return inspectWorkbook(await loadWorkbook(bytes, basename(input.path)), basename(input.path));
}

function stored(ctx: ServiceContext, name: string) {
  return ctx.ledger.db.select().from(countyForm).where(eq(countyForm.name, name)).get();
}

function toSaved(r: typeof countyForm.$inferSelect): SavedForm {
  return { name: r.name, mapping: formMapping.parse(JSON.parse(r.mapping)), bytes: r.file.length, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/**
 * Saves the form and its mapping under a name (replacing a form of that name). The mapping is what countyForm.inspect
 * suggested (for a placeholder form, its placeholders), as the staffer finished it; one with open columns is saved all
 * the same — staff finish it later — and the fill lists what is still open. (A write runs in one synchronous
 * transaction, so the file is only probed here, not read with exceljs.)
 */
export function saveCountyForm(ctx: ServiceContext, input: ChannelParsed<'countyForm.save'>) {
  const { bytes, sheets } = readFormFile(input.path);
  const mapping = input.mapping;
  if (!sheets.includes(mapping.sheet)) {
    throw validationError(`报表「${basename(input.path)}」里没有工作表「${mapping.sheet}」`, [{ path: ['mapping', 'sheet'], sheet: mapping.sheet, message: '没有这个工作表' }]);
  }
  const at = now();
  inWrite(ctx, () => {
    const old = stored(ctx, input.name);
    const values = { file: bytes, mapping: JSON.stringify(mapping), updatedAt: at };
    if (old) ctx.ledger.db.update(countyForm).set(values).where(eq(countyForm.name, input.name)).run();
    else ctx.ledger.db.insert(countyForm).values({ name: input.name, ...values, createdAt: at }).run();
  });
  return { name: input.name, mapping, bytes: bytes.length, updatedAt: at };
}

export function listCountyForms(ctx: ServiceContext): SavedForm[] {
  return ctx.ledger.db.select().from(countyForm).orderBy(asc(countyForm.name)).all().map(toSaved);
}

export function getCountyForm(ctx: ServiceContext, name: string): SavedForm {
  const r = stored(ctx, name);
  if (!r) throw notFound(`没有名为「${name}」的县级报表`);
  return toSaved(r);
}

export function removeCountyForm(ctx: ServiceContext, name: string) {
  const r = stored(ctx, name);
  if (!r) throw notFound(`没有名为「${name}」的县级报表`);
  ctx.ledger.db.delete(countyForm).where(eq(countyForm.name, name)).run();
  return { name };
}

/** The saved forms' names, in name order (the monthly package fills each). */
export function countyFormNames(ctx: ServiceContext): string[] {
  return ctx.ledger.db.select({ name: countyForm.name }).from(countyForm).orderBy(asc(countyForm.name)).all().map((r) => r.name);
}

// ───────────────────────────────────────────── the values

const TABLE_KEY = { T1: 't1', T2: 't2', T3: 't3', T4: 't4', T5: 't5' } as const;

/** The village rows of the month (every table's villages, T1's order first) with a value per figure name, and 合计. */
export function villageValues(figures: ReportFigures): { rows: ((name: string) => CellValue)[]; total: (name: string) => CellValue } {
  const names: string[] = [];
  for (const key of ['t1', 't2', 't3', 't4', 't5'] as const) for (const r of figures[key].rows) if (!names.includes(r.village)) names.push(r.village);
  const byVillage = (key: (typeof TABLE_KEY)[keyof typeof TABLE_KEY], village: string): FigureRow | undefined =>
    (figures[key].rows as FigureRow[]).find((r) => r.village === village);
  const value = (row: (key: (typeof TABLE_KEY)[keyof typeof TABLE_KEY]) => FigureRow | undefined, name: string): CellValue => {
    const f = FORM_FIGURE.get(name);
    if (!f?.table || !f.figure) return null;
    const r = row(TABLE_KEY[f.table]);
    // A village missing from one table (it has no one of that group) counts zero there.
    if (!r) return f.kind === 'rate' ? null : 0;
    return figureOf(r, f.figure) as CellValue;
  };
  return {
    rows: names.map((village, i) => (name: string) => (name === '村.序号' ? i + 1 : name === '村.名称' ? village : value((k) => byVillage(k, village), name))),
    total: (name: string) => (name === '村.名称' ? '合计' : name === '村.序号' ? null : value((k) => figures[k].total as FigureRow, name)),
  };
}

type PersonRecord = Record<string, CellValue>;
const date = (d: string | null | undefined) => d ?? '';

/** The persons of a list form: the open entries of the key group, as its ledger lists them. */
export function personValues(ctx: ServiceContext, group: NonNullable<FormMapping['group']>): ((name: string) => CellValue)[] {
  let records: PersonRecord[];
  if (group === 'released') {
    records = listReleased(ctx, contract['released.list'].input.parse({})).map((p) => ({
      姓名: p.name, 性别: labelOf(sexTable, p.sex), 身份证号: p.idNumber, 出生日期: p.birthDate, 联系电话: p.phone, 住址: p.currentAddress,
      村: p.villageName ?? '', 网格: p.gridName ?? '', 状态: p.status, 罪名: p.crime ? labelOf(originalCrimeTable, p.crime) : '',
      释放日期: p.releaseDate, 帮教期满: p.termEnd, 衔接日期: date(p.handoverOn), 报到日期: date(p.reportedOn), 是否安置: p.placed ? '是' : '否',
      最近帮教: date(p.lastHelpOn),
    }));
  } else if (group === 'patient') {
    records = listPatients(ctx, contract['patient.list'].input.parse({})).map((p) => ({
      姓名: p.name, 性别: labelOf(sexTable, p.sex), 身份证号: p.idNumber, 出生日期: p.birthDate, 联系电话: p.phone, 住址: p.currentAddress,
      村: p.villageName ?? '', 网格: p.gridName ?? '', 状态: p.status, 诊断: p.diagnosis, 危险性等级: p.risk, 监护人: p.guardianName,
      监护人电话: p.guardianPhone, 最近随访: date(p.lastFollowUpOn),
    }));
  } else {
    records = listLowIncome(ctx, contract['lowIncome.list'].input.parse({})).map((p) => ({
      姓名: p.headName ?? '', 身份证号: p.headIdNumber ?? '', 住址: p.address, 村: p.villageName ?? '', 网格: p.gridName ?? '', 状态: p.status,
      户号: p.householdNumber, 保障类别: p.class, 保障人数: p.coveredCount, 月保障金: p.monthlyAmount, 认定日期: p.confirmedOn, 最近复核: date(p.lastReviewOn),
    }));
  }
  return records.map((r, i) => (name: string) => (name === '人.序号' ? i + 1 : (r[name.slice(2)] ?? '')));
}

// ───────────────────────────────────────────── fill

/**
 * Fills a county form for a month and writes it to `path`. The form is the saved one of `name` (or `formPath`, a newer
 * copy of it); a form not saved yet is filled from its own placeholders. Every problem (unknown placeholders, columns
 * not mapped) is reported with sheet and cell before anything is written.
 */
export async function fillCountyForm(
  ctx: ServiceContext,
  input: { name?: string; formPath?: string; month: string; path: string },
  figures?: ReportFigures,
): Promise<{ path: string; rows: number }> {
  ctx.progress?.(0, 3, '读取报表');
  const saved = input.name ? stored(ctx, input.name) : undefined;
  if (input.name && !saved && !input.formPath) throw notFound(`没有名为「${input.name}」的县级报表，请先载入并保存它`);
  if (!input.name && !input.formPath) throw validationError('请指定要填写的县级报表', [{ path: ['name'], message: '请选择报表' }]);
  const file = input.formPath ? basename(input.formPath) : input.name!;
  const bytes = input.formPath ? readFormFile(input.formPath).bytes : saved!.file;
  const wb = await loadWorkbook(bytes, file);
  const mapping = saved ? formMapping.parse(JSON.parse(saved.mapping)) : placeholderMapping(wb);
  if (!mapping) {
    throw validationError(`报表「${file}」还没有保存对应关系，表里也没有 {村.…} 或 {人.…} 占位符，不知道填什么`, [{ path: ['name'], message: '请先载入并保存这张报表' }]);
  }
  const problems = formProblems(wb, mapping);
  if (problems.length) refuseForm(problems);

  ctx.progress?.(1, 3, '统计数字');
  const month = figures ?? reportFigures(ctx, input.month);
  const town = (name: string): string | null => {
    switch (name) {
      case '镇名': return month.townName;
      case '统计期': return monthLabel(input.month);
      case '填报日期': return chineseDate(ctx.today());
      case '年': return input.month.slice(0, 4);
      case '月': return String(Number(input.month.slice(5, 7)));
      case '留空': return '';
      default: return null;
    }
  };
  const data: FillData =
    mapping.kind === 'villages' ? { ...villageValues(month), town } : { rows: personValues(ctx, mapping.group!), total: null, town };

  ctx.progress?.(2, 3, '写入 Excel');
  const rows = fillWorkbook(wb, mapping, data);
  // A fixed date keeps the bytes of a regenerated month the same.
  wb.created = new Date(`${ctx.today()}T00:00:00Z`);
  wb.modified = wb.created;
  await writeOutputFile(input.path, guardOf(ctx), async (out) => {
    await wb.xlsx.write(out);
  });
  ctx.progress?.(3, 3, '完成');
  return { path: input.path, rows };
}
