// 文书打印: edit a template (an unknown field refused, naming it), write the letters of every village as one PDF and
// the 安置帮教协议书 as Word through the page, read both back; 设置 shows which font each PDF family uses.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { call } from '../../electron/core/dispatch';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { ok } from '../helpers/results';
import { expect, screenshotDir, test } from './fixtures';

test('a template edited in the app, then letters written as PDF and Word', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 900 });
  generateDemoTown(app.ctx, { residents: 600, seed: 5 });
  const town = await ok(call(app.ctx, 'town.get', {}));
  const villages = await ok(call(app.ctx, 'village.list', {}));
  await app.open('letters');

  await expect(page.getByTestId('template-default')).toBeVisible();
  await expect(page.getByTestId('template-fields')).toContainText('{网格列表}');
  // An unknown field is refused with where it is; nothing is saved.
  const body = page.getByTestId('template-body');
  await body.fill(`${await body.inputValue()}\n七、{xyz}`);
  await page.getByTestId('template-save').click();
  await expect(page.getByTestId('template-error')).toContainText('「{xyz}」不是网格化服务管理责任书可用的字段');
  await expect(page.getByTestId('template-default')).toBeVisible();
  // Fixed, and the title made the town's own.
  await body.fill((await body.inputValue()).replace('七、{xyz}', '七、本责任书由{镇名}综治中心负责解释。'));
  await page.getByTestId('template-title').fill('{镇名}网格化服务管理责任书');
  await page.getByTestId('template-save').click();
  await expect(page.getByTestId('template-edited')).toBeVisible();

  await page.getByTestId('letter-all').click();
  const pdf = join(app.dataDir, 'grid.pdf');
  app.queuePick(pdf);
  await app.screenshot('letters-01-template');
  await page.getByTestId('letter-write-pdf').click();
  await expect(page.getByTestId('letter-done')).toContainText(`共 ${villages.length} 份`, { timeout: 60_000 });
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text).toContain(`${town!.name}网格化服务管理责任书`);
  expect(text).toContain(`七、本责任书由${town!.name}综治中心负责解释。`);
  for (const v of villages) expect(text).toContain(v.name);
  await page.getByRole('button', { name: /知道了|OK|确定/ }).click();

  // 恢复默认 brings the default title back.
  await page.getByTestId('template-reset').click();
  await page.getByRole('button', { name: '恢复默认' }).last().click();
  await expect(page.getByTestId('template-default')).toBeVisible();
  await expect(page.getByTestId('template-title')).toHaveValue('网格化服务管理责任书');

  // 安置帮教协议书 for every 帮教对象 on the register, as Word.
  const released = await ok(call(app.ctx, 'released.list', {}));
  await page.getByTestId('letter-kind').getByText('安置帮教协议书').click();
  await expect(page.getByTestId('template-fields')).toContainText('{帮教小组}');
  await page.getByTestId('letter-all').click();
  const docx = join(app.dataDir, 'released.docx');
  app.queuePick(docx);
  await page.getByTestId('letter-write-docx').click();
  await expect(page.getByTestId('letter-done')).toBeVisible({ timeout: 60_000 });
  const zip = await JSZip.loadAsync(readFileSync(docx));
  const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  expect(xml).toContain('安置帮教协议书');
  expect(xml).toContain(released.find((r) => ['在册帮教', '脱管'].includes(r.status))!.name);
  await page.getByRole('button', { name: /知道了|OK|确定/ }).click();

  // 设置 shows which face each PDF family uses now.
  await app.open('settings');
  await expect(page.getByTestId('pdf-fonts-table')).toContainText('思源黑体');
  await expect(page.getByTestId('pdf-fonts-table')).toContainText('思源宋体');
  await page.getByTestId('pdf-fonts').screenshot({ path: join(screenshotDir, 'letters-02-settings-fonts.png'), animations: 'disabled' });
});
