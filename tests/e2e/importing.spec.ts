// The import page for 网格员花名册: choose what to import, a workbook with a hidden old sheet and a
// second data sheet (the warning, the sheet picker), problems listed, skip the bad rows.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { call } from '../../electron/core/dispatch';
import { checkDigit } from '../../shared/rules/idNumber';
import { expect, test } from './fixtures';

function makeId(birth: string, seq: number): string {
  const first17 = `320121${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

test('a staff roster: the visible sheet read, a warning of the other, another sheet picked, bad rows skipped', async ({ app }) => {
  const { page } = app;
  expect((await call(app.ctx, 'town.setup', { name: '城关镇', code: '320121100000' })).ok).toBe(true);
  const v = await call(app.ctx, 'village.create', { code: '320121100201', name: '东关村', type: '村' });
  if (!v.ok) throw new Error(v.error.message);
  expect((await call(app.ctx, 'grid.create', { villageId: v.value.id, kind: '综合网格', name: '第一网格', description: '' })).ok).toBe(true);

  const wb = new ExcelJS.Workbook();
  const old = wb.addWorksheet('2019年名单', { state: 'hidden' });
  old.addRow(['姓名', '身份证号', '职务', '所在网格']);
  old.addRow(['旧人', makeId('19600101', 11), '专职', '第一网格']);
  const ws = wb.addWorksheet('网格员');
  ws.addRow(['东关村网格员花名册']);
  ws.mergeCells('A1:F1');
  ws.addRow(['序号', '姓名', '身份证号', '岗位', '所在网格', '上岗时间']);
  ws.addRow([1, '张网格', makeId('19850101', 21), '专职网格员', '320121100201001', '2021.11.10']);
  ws.addRow([2, '李网格', makeId('19860101', 31), '网格大王', '第一网格', '2021年11月10日']);
  const second = wb.addWorksheet('西片');
  second.addRow(['姓名', '身份证号', '职务', '所在网格']);
  second.addRow(['王网格', makeId('19870101', 41), '03', '东关村第一网格']);
  second.addRow(['赵网格', makeId('19880101', 51), '兼职', '第一网格']);
  const file = join(app.dataDir, '网格员花名册.xlsx');
  await wb.xlsx.writeFile(file);

  await app.open('import');
  await page.getByTestId('import-kind').getByText('网格员花名册').click();
  await expect(page.getByRole('heading', { name: '数据导入：网格员花名册' })).toBeVisible();
  app.queuePick(file);
  await page.getByTestId('choose-file').click();
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('import-sheet-read')).toContainText('工作表「网格员」，共 2 行数据');
  await expect(page.getByTestId('import-warnings')).toContainText('「西片」');
  await expect(page.getByTestId('import-warnings')).toContainText('隐藏工作表「2019年名单」');
  await expect(page.getByTestId('import-problems')).toContainText('职务「网格大王」不在代码表中');
  await expect(page.getByTestId('preview-added')).toContainText('1');

  // The other sheet, chosen from the picker: checked again.
  await page.getByTestId('import-sheet-picker').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '西片' }).click();
  await expect(page.getByTestId('import-sheet-read')).toContainText('工作表「西片」，共 2 行数据');
  await expect(page.getByTestId('preview-added')).toContainText('2');
  await app.screenshot('13-import-staff-sheet');
  await page.getByTestId('import-all').click();
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('result-added')).toContainText('2');
  const names = app.ledger.sqlite.prepare('select name from staff order by name').pluck().all();
  expect(names).toEqual(['王网格', '赵网格']);
});
