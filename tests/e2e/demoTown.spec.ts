// The pages staff open first, on a demo town of realistic size (20,000 residents with their key-group
// ledgers and a year of records): each must show the town's data, without script errors, and look right.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { expect, test } from './fixtures';

test('a demo town of 20,000: home, today list, the three ledgers and the checks show its data', async ({ app }) => {
  test.setTimeout(180_000);
  const summary = generateDemoTown(app.ctx, { residents: 20_000, seed: 3 });
  expect(summary.releasedPersons).toBeGreaterThan(40);
  const { page } = app;

  await app.open('home');
  await expect(page.getByTestId('home-page')).toBeVisible();
  const inRegister = (app.ledger.sqlite.prepare("select count(*) as n from resident where status = '在册'").get() as { n: number }).n;
  await expect(page.getByTestId('home-page')).toContainText(inRegister.toLocaleString('en-US'));
  await app.screenshot('20-demo-home');
  // The list counts 实有人口 by the same rule as the home page (shared/rules/population.ts).
  await app.open('people');
  await expect(page.getByTestId('people-total')).toContainText(inRegister.toLocaleString('zh-CN'));
  await app.open('grids');
  await expect(page.getByTestId('grids-summary')).toContainText(inRegister.toLocaleString('zh-CN'));

  await app.open('today');
  // The demo leaves some items overdue: the list shows them, most late first.
  await expect(page.getByRole('cell', { name: '逾期' }).first()).toBeVisible();
  const lateness = await page.locator('tbody tr.ant-table-row').evaluateAll((rows) =>
    rows.slice(0, 10).map((r) => Number((r.querySelectorAll('td')[8]?.textContent ?? '').replace(/[^\d-]/g, ''))),
  );
  expect(lateness.length).toBeGreaterThan(1);
  for (let i = 1; i < lateness.length; i++) expect(lateness[i - 1]).toBeGreaterThanOrEqual(lateness[i]!);
  await app.screenshot('21-demo-today');

  for (const [route, shot, rows] of [
    ['released', '22-demo-released', summary.releasedPersons],
    ['patient', '23-demo-patients', summary.patients],
    ['lowIncome', '24-demo-low-income', summary.lowIncomeHouseholds],
  ] as const) {
    await app.open(route);
    await expect(page.locator('tbody tr.ant-table-row').first()).toBeVisible();
    expect(await page.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(Math.min(5, rows - 1));
    await app.screenshot(shot);
  }

  // The 户 view shows the first 100 households; its export holds every one of them.
  await app.open('people');
  await page.getByTestId('people-view').getByText('户', { exact: true }).click();
  await expect(page.getByTestId('household-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
  const file = join(app.dataDir, '住户一览表.xlsx');
  app.queuePick(file);
  await page.getByTestId('household-export').click();
  // The export runs in the core's worker, with its progress shown; done when the app says so.
  await expect(page.getByTestId('export-done')).toBeVisible({ timeout: 90_000 });
  expect(existsSync(file)).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.getWorksheet('户')!.rowCount - 3).toBe(summary.households);

  await app.open('checks');
  await expect(page.getByRole('heading', { name: '数据检查' })).toBeVisible();
  await app.screenshot('25-demo-checks');
});
