// 统计报表: a month's T1–T4 on screen as their definitions lay them out (villages as rows, 合计 from the core), and the
// table exported as the same xlsx the CLI writes.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { call } from '../../electron/core/dispatch';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { ok } from '../helpers/results';
import { expect, test } from './fixtures';

test('T1–T4 of the month on screen, 合计 as the core computes it, and exported as xlsx', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 768 });
  generateDemoTown(app.ctx, { residents: 3_000, seed: 3 });
  const figures = await ok(call(app.ctx, 'report.figures', { month: '2026-11' }));
  await app.open('reports');

  const t1 = page.getByTestId('report-T1');
  await expect(t1.locator('tbody tr')).toHaveCount(figures.t1.rows.length + 1);
  await expect(t1.locator('thead')).toContainText('衔接情况');
  const total = t1.getByTestId('report-total').locator('td');
  // Column 3 is 在册帮教对象: the 合计 the core gives, which is the sum of the villages.
  await expect(total.nth(2)).toHaveText(String(figures.t1.total.registered));
  expect(figures.t1.rows.reduce((n, r) => n + r.registered, 0)).toBe(figures.t1.total.registered);
  await expect(page.getByTestId('reports-page')).toContainText('统计期：2026年11月');
  await app.screenshot('reports-01-T1');

  await page.getByTestId('report-choice').getByText('T4 网格化').click();
  const t4 = page.getByTestId('report-T4');
  await expect(t4.locator('thead')).toContainText('1+3配齐率');
  await expect(t4.getByTestId('report-total').locator('td').nth(2)).toHaveText(String(figures.t4.total.comprehensiveGrids));

  const file = join(app.dataDir, 'T4.xlsx');
  app.queuePick(file);
  await page.getByTestId('report-export').click();
  await expect(page.getByTestId('export-done')).toBeVisible({ timeout: 60_000 });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  expect(String(ws.getCell('A1').value)).toContain('网格化服务管理基础情况统计表');
  await app.screenshot('reports-02-T4-exported');
});
