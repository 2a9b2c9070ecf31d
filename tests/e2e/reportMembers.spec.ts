// Click a figure on the 报表 page and see the persons behind it (report.members): the list is as long as the figure,
// the 合计 lists every village's members, a T3 人 column lists households with their 人数, and the list exports as an
// xlsx that reads back with the same rows.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { call } from '../../electron/core/dispatch';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { ok } from '../helpers/results';
import { expect, test } from './fixtures';

test('a figure opens its list of persons, as long as the figure, exported and read back', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 768 });
  generateDemoTown(app.ctx, { residents: 3_000, seed: 3 });
  const figures = await ok(call(app.ctx, 'report.figures', { month: '2026-11' }));
  await app.open('reports');

  // The first village with someone 在册 in T1: click its 在册帮教对象.
  const at = figures.t1.rows.findIndex((r) => r.registered > 0);
  expect(at).toBeGreaterThanOrEqual(0);
  const village = figures.t1.rows[at]!;
  // Counts are links; a rate (衔接率) is not.
  await expect(page.getByTestId('report-T1').getByTestId(`figure-handoverRate-${at + 1}`)).toHaveCount(0);
  await app.screenshot('reportMembers-00-links');
  await page.getByTestId('report-T1').getByTestId(`figure-registered-${at + 1}`).click();
  const drawer = page.getByTestId('members-drawer');
  await expect(drawer.getByTestId('members-total')).toHaveText(String(village.registered));
  await expect(drawer.getByTestId('members-row')).toHaveCount(Math.min(50, village.registered));
  await expect(page.locator('.members-drawer .ant-drawer-title')).toHaveText(`${village.village} · T1 在册帮教对象 · 2026年11月`);
  await expect(drawer.locator('thead')).toContainText('最近帮教');
  await app.screenshot('reportMembers-01-T1-village');

  const file = join(app.dataDir, 'members.xlsx');
  app.queuePick(file);
  await page.getByTestId('members-export').click();
  await expect(page.getByTestId('export-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('export-done')).toContainText(`共 ${village.registered} 行`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  expect(String(ws.getCell('A1').value)).toContain('刑满释放人员安置帮教工作情况统计表·在册帮教对象名单');
  const listed = await ok(call(app.ctx, 'report.members', { month: '2026-11', table: 'T1', figure: 'registered', village: (await ok(call(app.ctx, 'village.list', {}))).find((v) => v.name === village.village)!.code }));
  const names: string[] = [];
  for (let i = 0; i < village.registered; i++) names.push(String(ws.getRow(4 + i).getCell(4).value));
  expect(names).toEqual(listed.rows.map((r) => String(r.name)));
  await page.getByRole('button', { name: /知道了|OK|确定/ }).click();
  await page.locator('.members-drawer .ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  // 合计 of T3's 城市低保·人: households listed, 人数 summing to the figure; a rate is no link.
  await page.getByTestId('report-choice').getByText('T3 低保').click();
  const t3 = page.getByTestId('report-T3');
  await expect(t3.getByTestId('figure-urbanAmount-total')).toHaveCount(0);
  await t3.getByTestId('figure-ruralPersons-total').click();
  await expect(drawer.getByTestId('members-total')).toHaveText(String(figures.t3.total.ruralPersons));
  await expect(drawer.getByTestId('members-summary')).toContainText(`共 ${figures.t3.total.ruralHouseholds} 户`);
  await app.screenshot('reportMembers-02-T3-total');

  // 打印: the whole list (not the page behind the drawer), its title on every page, 第 n 页 共 m 页.
  const listed3 = await ok(call(app.ctx, 'report.members', { month: '2026-11', table: 'T3', figure: 'ruralPersons' }));
  await page.evaluate(() => {
    const w = window as unknown as { __printed: number };
    w.__printed = 0;
    window.print = () => {
      w.__printed += 1;
    };
  });
  await page.locator('.members-drawer').getByTestId('print-button').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const printDir = join(import.meta.dirname, '..', '..', 'test-results', 'print');
  mkdirSync(printDir, { recursive: true });
  const pdf = join(printDir, 'reportMembers-T3.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
  const text = pages.join('\n');
  expect(text).toContain('最低生活保障情况月报表·农村低保·人名单');
  expect(text).not.toContain('统计期：2026年11月');
  for (const r of listed3.rows) expect(text).toContain(String(r.number));
  pages.forEach((p, i) => expect(p.replace(/\s+/g, '')).toContain(`第${i + 1}页共${pages.length}页`));
  execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', pdf, join(printDir, 'reportMembers-T3')]);
});
