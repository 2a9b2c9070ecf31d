// Charts (issue 9 items 4 and 6): beside each table of the 报表 page its charts (trend over 12 months, by village, the
// 危险性评估 levels for T2) drawn by echarts from the same option builders as the PDF; the home page's headline and
// 待办 charts; the month note saved and shown again.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call } from '../../electron/core/dispatch';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { ok } from '../helpers/results';
import { expect, test } from './fixtures';

test('charts on the 报表 page and the home page; the month note is saved and shown', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 900 });
  generateDemoTown(app.ctx, { residents: 3_000, seed: 3 });
  const figures = await ok(call(app.ctx, 'report.figures', { month: '2026-11' }));
  const trend = await ok(call(app.ctx, 'report.trend', { month: '2026-11', months: 12 }));

  await app.open('reports');
  const charts = page.getByTestId('report-charts');
  const trendChart = charts.getByTestId('report-chart-trend');
  // The SVG renderer: the chart's text is text, so the labels can be read.
  await expect(trendChart.locator('svg text', { hasText: '安置帮教近' })).toHaveCount(1);
  await expect(trendChart.locator('svg text', { hasText: '在册帮教对象' })).toHaveCount(1);
  await expect(trendChart.locator('svg text', { hasText: `${String(trend[0]!.month).slice(2, 4)}年${Number(trend[0]!.month.slice(5, 7))}月` }).first()).toBeVisible();
  const byVillage = charts.getByTestId('report-chart-village');
  for (const r of figures.t1.rows) await expect(byVillage.locator('svg text', { hasText: r.village }).first()).toBeVisible();
  // Bars drawn: one path per village and series at least.
  expect(await byVillage.locator('svg path').count()).toBeGreaterThan(figures.t1.rows.length);
  await app.screenshot('month-charts-01-reports-T1');

  await page.getByTestId('report-choice').getByText('T2 严重精神障碍').click();
  const risk = charts.getByTestId('report-chart-risk');
  await expect(risk.locator('svg text', { hasText: '在册患者危险性评估分级' })).toHaveCount(1);
  for (const level of ['0级', '3级', '5级']) await expect(risk.locator('svg text', { hasText: level })).toHaveCount(1);
  // The value labels are the month's figures.
  for (const n of new Set(figures.t2.total.risk.filter((v) => v > 0))) await expect(risk.locator('svg text', { hasText: new RegExp(`^${n}$`) }).first()).toBeAttached();

  // The month note: typed, saved, shown again after leaving the page; another month has its own.
  const note = page.getByTestId('month-note-text');
  await expect(note).toHaveValue('');
  await note.fill('本月走访帮教对象 12 人次。\n开展矛盾纠纷排查一次。');
  await page.getByTestId('month-note-save').click();
  await expect(page.getByTestId('month-note-saved-at')).toBeVisible();
  expect((await ok(call(app.ctx, 'monthNote.get', { month: '2026-11' }))).text).toBe('本月走访帮教对象 12 人次。\n开展矛盾纠纷排查一次。');
  await app.screenshot('month-charts-02-reports-T2-note');

  // The 月度工作报告 from the page: written by the core's job, the note in its 六.
  const pdf = join(app.dataDir, '月报.pdf');
  app.queuePick(pdf);
  await page.getByTestId('monthly-report').click();
  await expect(page.getByTestId('monthly-done')).toBeVisible({ timeout: 90_000 });
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')).toContain('开展矛盾纠纷排查一次。');
  await page.getByRole('button', { name: /知道了|OK|确定/ }).click();

  // T5: 排查 vs 化解 over the months and by village, 化解率 by village.
  await page.getByTestId('report-choice').getByText('T5 矛盾纠纷').click();
  await expect(charts.getByTestId('report-chart-trend').locator('svg text', { hasText: '矛盾纠纷排查化解近' })).toHaveCount(1);
  await expect(charts.getByTestId('report-chart-village').locator('svg text', { hasText: '矛盾纠纷排查化解（按村/社区）' })).toHaveCount(1);
  const rate = charts.getByTestId('report-chart-resolvedRate');
  await expect(rate.locator('svg text', { hasText: '11月矛盾纠纷化解率' })).toHaveCount(1);
  for (const r of figures.t5.rows) await expect(rate.locator('svg text', { hasText: r.village }).first()).toBeAttached();
  await app.screenshot('month-charts-04-reports-T5');

  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await app.open('home');
  const home = page.getByTestId('home-charts');
  const headline = home.getByTestId('home-chart-headline');
  await expect(headline.locator('svg text', { hasText: '在册帮教对象' })).toHaveCount(1);
  await expect(headline.locator('svg text', { hasText: new RegExp(`^${figures.t1.total.registered}$`) }).first()).toBeAttached();
  const due = await ok(call(app.ctx, 'due.list', { date: '2026-11-23' }));
  const dueChart = home.getByTestId('home-chart-due');
  for (const [kind, c] of Object.entries(due.counts)) {
    if (c.overdue + c.today + c.upcoming > 0) await expect(dueChart.locator('svg text', { hasText: kind })).toHaveCount(1);
  }
  await expect(dueChart.locator('svg text', { hasText: '逾期' }).first()).toBeVisible();
  await app.screenshot('month-charts-03-home');

  await app.open('reports');
  await expect(page.getByTestId('month-note-text')).toHaveValue('本月走访帮教对象 12 人次。\n开展矛盾纠纷排查一次。');
});
