// 县级报表（一表通）: the county's form (merged two-row header, formulas, print area) loaded through the page, its columns
// shown with the suggested figures, the one open column picked, saved by name, filled for the month; the file read back.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { call } from '../../electron/core/dispatch';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { countyWorkbook } from '../helpers/countyForm';
import { ok } from '../helpers/results';
import { expect, test } from './fixtures';
import { choose } from './ui';

test('a county form mapped through the page and filled for the month', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 900 });
  generateDemoTown(app.ctx, { residents: 3_000, seed: 3 });
  const form = join(app.dataDir, '县帮教月报.xlsx');
  await countyWorkbook().xlsx.writeFile(form);
  await app.open('countyForms');

  await expect(page.getByTestId('county-form-help')).toContainText('占位符');
  app.queuePick(form);
  await page.getByTestId('county-form-load').click();
  const columns = page.getByTestId('county-form-columns');
  await expect(columns).toContainText('在册人数/帮教对象');
  await expect(columns).toContainText('衔接情况/衔接率');
  // The suggestion preselected; the column without one is marked open.
  await expect(page.getByTestId('county-form-figure-C')).toContainText('在册帮教对象');
  await expect(page.getByTestId('county-form-open')).toContainText('D列「在册人数/其中重点」');
  await app.screenshot('county-forms-01-mapping');
  await choose(page, page.getByTestId('county-form-figure-D').getByRole('combobox'), '其中重点帮教');
  await expect(page.getByTestId('county-form-open')).toHaveCount(0);
  await page.getByTestId('county-form-name').fill('县帮教月报');
  await page.getByTestId('county-form-save').click();
  await expect(page.getByTestId('county-form-list')).toContainText('县帮教月报');
  await expect(page.getByTestId('county-form-editor')).toHaveCount(0);

  const out = join(app.dataDir, '县帮教月报-填好.xlsx');
  app.queuePick(out);
  await page.getByTestId('county-form-fill-县帮教月报').click();
  await expect(page.getByTestId('export-done')).toBeVisible({ timeout: 60_000 });
  await app.screenshot('county-forms-02-filled');

  // The page's month is the pinned clock's (fixtures.ts TODAY).
  const month = '2026-11';
  const figures = await ok(call(app.ctx, 'report.figures', { month }));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet('帮教月报')!;
  // Every table's villages (T4 adds 未划分网格 when households lie in no grid); one absent from T1 counts zero there.
  const villages = [...new Set([figures.t1, figures.t2, figures.t3, figures.t4].flatMap((t) => t.rows.map((r) => r.village)))];
  const n = villages.length;
  villages.forEach((name, i) => {
    const v = figures.t1.rows.find((r) => r.village === name);
    expect(ws.getCell(5 + i, 2).value).toBe(name);
    expect(ws.getCell(5 + i, 3).value).toBe(v?.registered ?? 0);
    expect(ws.getCell(5 + i, 4).value).toBe(v?.key ?? 0);
  });
  expect(ws.getCell(5 + n, 2).value).toBe('合计');
  expect((ws.getCell(5 + n, 3).value as ExcelJS.CellFormulaValue).formula).toBe(`SUM(C5:C${4 + n})`);
  expect((ws.getCell(5 + n, 3).value as ExcelJS.CellFormulaValue).result ?? 0).toBe(figures.t1.total.registered);
  expect(ws.pageSetup.printArea).toBe(`A1:I${6 + n}`);
});
