// Grid workers' visits (issue 12): record a visit from the 走访 page and see it in the list and on the worker's page
// (with the month's T6 figures), import a week's file in the 导入 page, and a village user sees only their
// villages' visits.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { call } from '../../electron/core/dispatch';
import { ok } from '../helpers/results';
import { expect, test } from './fixtures';
import { choose, dialogsSettled, field, person, seedTown, shot } from './ui';

test('a visit recorded, listed, on the worker page; a week imported; a village user sees only their village', async ({ app }) => {
  const { page } = app;
  const town = await seedTown(app);
  const hh = await ok(call(app.ctx, 'household.create', { gridId: town.gridId, address: '东关村3组12号', tags: ['04'] }));
  await person(app, '赵大爷', '19500303', 11, { householdId: hh.id, relation: '02' });
  const west = (await ok(call(app.ctx, 'village.list', {}))).find((v) => v.name === '西街社区')!;
  const westGrid = (await ok(call(app.ctx, 'grid.tree', {}))).villages.find((v) => v.id === west.id)!.grids[0]!;
  const westHh = await ok(call(app.ctx, 'household.create', { gridId: westGrid.id, address: '西街8号', tags: [] }));
  await person(app, '钱西街', '19800808', 21, { householdId: westHh.id, relation: '02', gridId: westGrid.id });
  const chen = (await ok(call(app.ctx, 'staff.list', {}))).find((s) => s.name === '陈刚')!;
  await ok(call(app.ctx, 'visit.add', { householdId: westHh.id, date: '2026-11-10', staffId: chen.id, content: '西街住户正常' }));

  // 登记走访 from the list.
  await app.open('visits');
  await expect(page.getByTestId('visits-count')).toContainText('共 1 条');
  await page.getByTestId('new-visit').click();
  const dialog = page.getByTestId('visit-dialog');
  // The dialog's opening animation done before its select is opened (a click during it can be lost).
  await dialogsSettled(page);
  await field(dialog, '走访住户').click();
  await field(dialog, '走访住户').fill(hh.number);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: hh.number }).first();
  await option.click();
  await choose(page, field(dialog, '网格员'), '王芳');
  await field(dialog, '发现情况').fill('独居老人身体尚可，已提醒冬季取暖安全');
  await page.getByTestId('visit-ok').click();
  await expect(dialog).toHaveCount(0);
  const table = page.getByTestId('visits-table');
  await expect(table).toContainText('独居老人身体尚可');
  await expect(page.getByTestId('visits-count')).toContainText('共 2 条');
  await shot(app, '40-visits-list');

  // The worker's page: the grid, the visit, this month's figures.
  await table.locator('a', { hasText: '王芳' }).first().click();
  await expect(page.getByTestId('worker-page')).toBeVisible();
  await expect(page.getByTestId('worker-grids')).toContainText('第一网格');
  await expect(page.getByTestId('worker-visits')).toContainText('独居老人身体尚可');
  await expect(page.getByTestId('worker-figures')).toContainText('重点户走访率');
  await expect(page.getByTestId('worker-figures')).toContainText('100.00%');
  await shot(app, '41-worker-page');

  // A week's visits from Excel, through the 导入 page: one good row, one with an unknown worker, skipped.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('走访登记表');
  ws.addRow(['走访日期', '网格员', '户号', '发现情况']);
  ws.addRow(['2026-11-16', '王芳', hh.number, '电话回访，无异常']);
  ws.addRow(['2026-11-17', '不认识', hh.number, '无此网格员']);
  const file = join(app.dataDir, '走访.xlsx');
  await wb.xlsx.writeFile(file);
  await app.open('import');
  await page.getByTestId('import-kind').getByText('走访登记表').click();
  app.queuePick(file);
  await page.getByTestId('choose-file').click();
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('import-problems')).toContainText('找不到名为「不认识」的网格员');
  await expect(page.getByTestId('preview-added')).toContainText('1');
  await page.getByTestId('import-skip').click();
  await page.getByRole('button', { name: '跳过并导入' }).click();
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('result-added')).toContainText('1');
  expect(app.ledger.sqlite.prepare("select count(*) from record where kind = 'visit'").pluck().get()).toBe(3);

  // T6 on the 报表 page, with the households behind a figure one click away.
  await app.open('reports');
  await page.getByTestId('report-choice').getByText('T6 网格员考核').click();
  const t6 = page.getByTestId('report-T6');
  await expect(t6).toContainText('王芳');
  await expect(t6).toContainText('陈刚');
  await t6.locator('tbody tr').filter({ hasText: '王芳' }).getByTestId('figure-keyVisited-1').click();
  await expect(page.getByTestId('members-total')).toHaveText('1');
  await expect(page.getByText('独居老人').first()).toBeVisible();
  await shot(app, '42-t6-members');
  await page.keyboard.press('Escape');
  // The workers' 走访率 beside the month's table.
  await expect(page.getByTestId('report-chart-workers').locator('svg text', { hasText: '王芳' })).toHaveCount(1);

  // 周巡查 and 年评比: the period switch. The week of today (Monday 11-23): 王芳's 重点户 was visited on 11-16, so
  // nothing is due this week; today's visit is her one visit written in the week.
  await page.getByTestId('t6-period').getByText('周巡查').click();
  await expect(page.getByTestId('report-title')).toHaveText('城关镇网格员周巡查表');
  await expect(page.getByTestId('assessment-subtitle')).toContainText('2026年第48周（11月23日—11月29日）');
  await expect(page.getByTestId('t6-week')).toBeVisible();
  await expect(page.getByTestId('report-month')).toHaveCount(0);
  const cells = (table: string, name: string) => page.getByTestId(table).locator('tbody tr').filter({ hasText: name }).locator('td').allTextContents();
  await expect.poll(() => cells('assessment-week', '王芳')).toEqual(['王芳', '东关村', '第一网格', '1', '0', '0', '—', '0', '0', '—', '1', '0', '0']);
  await expect.poll(() => cells('assessment-week', '合计')).toEqual(['合计', '', '', '2', '0', '0', '—', '0', '0', '—', '1', '0', '0']);
  await shot(app, '43-t6-week');
  // The year: November is the town's first month; 王芳 87.5 (40 + 30 of 80), 陈刚 0 — no 优秀 place among two.
  await page.getByTestId('t6-period').getByText('年评比').click();
  await expect(page.getByTestId('report-title')).toHaveText('城关镇网格员2026年度评比表');
  const dash10 = Array<string>(10).fill('—');
  await expect.poll(() => cells('assessment-year', '王芳')).toEqual(['1', '王芳', '东关村', '第一网格', ...dash10, '87.5', '—', '87.5', '合格']);
  await expect.poll(() => cells('assessment-year', '陈刚')).toEqual(['2', '陈刚', '西街社区', '西街一网格', ...dash10, '0.0', '—', '0.0', '不合格']);
  const yearFile = join(app.dataDir, '年评比.xlsx');
  app.queuePick(yearFile);
  await page.getByTestId('report-export').click();
  await expect(page.getByTestId('export-done')).toContainText('共 2 行');
  await page.getByRole('button', { name: /知道了|OK|确定/ }).click();
  const yb = new ExcelJS.Workbook();
  await yb.xlsx.readFile(yearFile);
  expect(JSON.stringify(yb.worksheets[0]!.getSheetValues())).toContain('城关镇网格员2026年度评比表');
  await shot(app, '44-t6-year');
  // Back to the month: T6's own form.
  await page.getByTestId('t6-period').getByText('月考核').click();
  await expect(page.getByTestId('report-T6')).toContainText('王芳');

  // A 村级用户 of 东关村 sees its two visits, not 西街社区's.
  app.ctx.caller = { userId: 'u-dg', displayName: '东关村网格长', role: 'village', villageScope: ['320121100201'] };
  await app.open('visits');
  await expect(page.getByTestId('visits-count')).toContainText('共 2 条');
  await expect(page.getByTestId('visits-table')).not.toContainText('西街住户正常');
});
