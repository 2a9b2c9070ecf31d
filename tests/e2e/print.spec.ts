// What a list or a detail page prints, read back from the PDF Chromium makes of the print form: every row (not
// only the first 1,000), the page's title and 第 n 页 共 m 页 on every page, no on-screen button, whole ID numbers.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { call } from '../../electron/core/dispatch';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { ok } from '../helpers/results';
import { expect, test } from './fixtures';

const printDir = join(import.meta.dirname, '..', '..', 'test-results', 'print');

/** Clicks 打印 with the browser's print dialog replaced by a PDF of the print form, and returns its pages' text. */
async function printToText(page: Page, name: string): Promise<string[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __printed: number };
    w.__printed = 0;
    window.print = () => {
      w.__printed += 1;
    };
  });
  await page.getByTestId('print-button').first().click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __printed: number }).__printed), { timeout: 60_000 }).toBe(1);
  await page.emulateMedia({ media: 'print' });
  // Kept with the test results, to look at.
  mkdirSync(printDir, { recursive: true });
  const pdf = join(printDir, `${name}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  await page.emulateMedia({ media: 'screen' });
  // The print form stays until the browser says the printout is done.
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\f').filter((p) => p.trim());
}

function eachPageNumbered(pages: string[], title: string) {
  expect(pages.length).toBeGreaterThan(1);
  pages.forEach((text, i) => {
    expect(text.replace(/\s+/g, ''), `第 ${i + 1} 页`).toContain(`第${i + 1}页共${pages.length}页`);
    expect(text, `第 ${i + 1} 页`).toContain(title);
  });
}

test('the resident list prints every row, with the title and page numbers on every page', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  generateDemoTown(app.ctx, { residents: 1_600, seed: 3 });
  const total = (app.ledger.sqlite.prepare("select count(*) as n from resident where status = '在册'").get() as { n: number }).n;
  expect(total).toBeGreaterThan(1000);
  const town = await ok(call(app.ctx, 'town.get', {}));
  await app.open('people');
  await expect(page.getByTestId('people-total')).toContainText(total.toLocaleString('zh-CN'));
  const pages = await printToText(page, 'people');
  eachPageNumbered(pages, `${town!.name}实有人口名单`);
  expect(pages[0]).not.toContain('正在准备打印');
  // Every person is on paper once, with the whole ID number on one line.
  const ids = pages.join('\n').match(/\b\d{17}[\dX]\b/g) ?? [];
  expect(new Set(ids).size).toBe(total);
  const last = app.ledger.sqlite.prepare("select id_number as id from resident where status = '在册' order by id desc limit 1").get() as { id: string };
  expect(ids).toContain(last.id);

  // A broad query is counted only so far past the rows read (person.search), and further as the list is scrolled,
  // until the count is the exact one.
  const matched = (app.ledger.sqlite.prepare("select count(*) as n from resident where status = '在册' and (id_number like '32%' or phone like '32%')").get() as { n: number }).n;
  expect(matched).toBeGreaterThan(1000);
  await page.getByTestId('people-search').fill('32');
  const totalLine = page.getByTestId('people-total');
  await expect(totalLine).toContainText('人以上');
  let shown = await totalLine.innerText();
  for (let i = 0; i < 6 && !shown.includes('共'); i++) {
    await page.locator('.vtable-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(totalLine).not.toHaveText(shown);
    shown = await totalLine.innerText();
  }
  expect(shown.replace(/\s+/g, '')).toContain(`共${matched.toLocaleString('zh-CN')}人`);
});

test('a ledger list and a detail page print without buttons, the ID whole', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  generateDemoTown(app.ctx, { residents: 3_000, seed: 3 });
  const town = await ok(call(app.ctx, 'town.get', {}));
  await app.open('released');
  await expect(page.locator('tbody tr.ant-table-row').first()).toBeVisible();
  const list = await printToText(page, 'released-list');
  expect(list[0]).toContain(`${town!.name}刑满释放人员台账`);
  expect(list[0]!.replace(/\s+/g, '')).toMatch(/第1页共\d+页/);
  // The page's own list, every row of it (the screen shows 50 a page).
  const shown = await ok(call(app.ctx, 'released.list', { query: '' }));
  expect(new Set(list.join('\n').match(/\b\d{17}[\dX]\b/g) ?? []).size).toBe(shown.length);

  await page.locator('tbody tr.ant-table-row').first().getByTestId('row-name').click();
  await expect(page.getByTestId('released-detail')).toBeVisible();
  const detail = (await printToText(page, 'released-detail')).join('\n');
  expect(detail).toContain('帮教档案');
  for (const button of ['返回名单', '新增帮教记录', '打印', '办理：']) expect(detail).not.toContain(button);
  expect(detail).toMatch(/\b\d{17}[\dX]\b/);
});
