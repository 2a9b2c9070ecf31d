// A town's 安置帮教 ledger file with problems imported through the UI: choose the kind, preview with every
// problem, skip the bad rows, and the people are on the ledger with the due dates the rules give.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { call } from '../../electron/core/dispatch';
import { checkDigit } from '../../shared/rules/idNumber';
import { expect, test, type AppFixture } from './fixtures';

function makeId(birth: string, seq: number, region = '320121'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

function count(app: AppFixture, sql: string): number {
  return (app.ledger.sqlite.prepare(sql).get() as { n: number }).n;
}

test('a 帮教 ledger file with problems: preview, skip the bad rows, the people on the ledger with their dues', async ({ app }) => {
  const { page } = app;
  expect((await call(app.ctx, 'town.setup', { name: '城关镇', code: '320121100000' })).ok).toBe(true);
  const v = await call(app.ctx, 'village.create', { code: '320121100201', name: '东关村', type: '村' });
  if (!v.ok) throw new Error(v.error.message);
  expect((await call(app.ctx, 'grid.create', { villageId: v.value.id, kind: '综合网格', name: '第一网格', description: '' })).ok).toBe(true);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('帮教对象');
  ws.addRow(['东关村刑满释放人员安置帮教台账']);
  ws.mergeCells('A1:J1');
  ws.addRow(['序号', '姓名', '身份证号码', '所属网格', '罪名', '刑满释放日期', '衔接时间', '衔接方式', '帮教分类', '最近帮教日期']);
  ws.addRow([1, '李建国', makeId('19620408', 111), '320121100201001', '侵犯财产罪', '2026.3.10', '2026年3月12日', '司法所接回', '重点', '2026.10.15']);
  ws.addRow([2, '王强', makeId('19700101', 113), '东关村第一网格', '05', '2025.12.1', null, null, '一般', null]);
  ws.addRow([3, '钱进', makeId('19710101', 115), null, null, '2026.5.1', '2026.4.1', '司法所接回', '一般', null]);
  ws.addRow([4, '孙丽', makeId('19720101', 117), null, null, '2026.5.1', null, null, '特别', null]);
  const file = join(app.dataDir, '帮教台账.xlsx');
  await wb.xlsx.writeFile(file);

  await app.open('import');
  await page.getByTestId('import-kind').getByText('安置帮教', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '数据导入：安置帮教' })).toBeVisible();
  await expect(page.getByTestId('import-ledger-hint')).toBeVisible();
  app.queuePick(file);
  await page.getByTestId('choose-file').click();
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('preview-added')).toContainText('2');
  await expect(page.getByTestId('preview-residents')).toContainText('2');
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('衔接日期（2026-04-01）早于释放日期（2026-05-01）');
  await expect(problems).toContainText('帮教类别「特别」不在代码表中');
  await expect(page.getByTestId('import-columns')).toContainText('刑满释放日期 → 释放日期');
  // The preview wrote nothing.
  expect(count(app, 'select count(*) as n from released_person')).toBe(0);
  expect(count(app, 'select count(*) as n from resident')).toBe(0);

  await page.getByTestId('import-skip').click();
  await page.getByRole('button', { name: '跳过并导入' }).click();
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('result-added')).toContainText('2');
  await expect(page.getByTestId('result-skipped')).toContainText('2');
  expect(count(app, 'select count(*) as n from released_person')).toBe(2);
  expect(count(app, "select count(*) as n from resident where name in ('钱进', '孙丽')")).toBe(0);
  expect(count(app, "select count(*) as n from record where kind = 'help' and content like '【导入】%'")).toBe(1);

  // 衔接 2026-03-12 as 重点: 分类复评 six months on; the last 帮教 2026-10-15 makes the monthly 帮教走访 due 2026-11-15;
  // no 报到 in the file, so it was due 30 days after the release.
  const list = await call(app.ctx, 'released.list', { query: '李建国' });
  if (!list.ok) throw new Error(list.error.message);
  const detail = await call(app.ctx, 'released.get', { id: list.value[0]!.id });
  if (!detail.ok) throw new Error(detail.error.message);
  expect(Object.fromEntries(detail.value.dues.map((d) => [d.kind, d.dueDate]))).toEqual({ 报到逾期: '2026-04-09', 帮教走访: '2026-11-15', 分类复评: '2026-09-12', 期满待解除: '2031-03-10' });

  await page.getByRole('button', { name: '查看安置帮教' }).click();
  await expect(page.getByText('李建国').first()).toBeVisible();
  await expect(page.getByText('王强').first()).toBeVisible();
});
