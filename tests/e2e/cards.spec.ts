// 一人一卡: upload a photo on the person page, print the entry's archive card and the list's batch of cards, and the
// 低保公示表; each PDF read back (pages, names, the photo embedded), a file that is not an image refused in Chinese.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { call } from '../../electron/core/dispatch';
import { ok } from '../helpers/results';
import { idNumberFor } from '../helpers/recordsTown';
import { expect, test } from './fixtures';

const pdfPages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
const pdfText = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

test('upload a photo, print the archive card and the batch, refuse a file that is not a photo', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 900 });
  const ctx = app.ctx;
  await ok(call(ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  const villageId = (await ok(call(ctx, 'village.create', { code: '320121100201', name: '柳河村' }))).id;
  const gridId = (await ok(call(ctx, 'grid.create', { villageId, kind: '综合网格', name: '柳河一网格' }))).id;
  const hh = await ok(call(ctx, 'household.create', { gridId, address: '柳庄1号', tags: [] }));
  const zhang = await ok(call(ctx, 'person.create', { idNumber: idNumberFor('1975-02-03'), name: '张卫东', householdId: hh.id, relation: '02' }));
  const sun = await ok(call(ctx, 'person.create', { idNumber: idNumberFor('1980-03-03'), name: '孙立', gridId }));
  const entry = await ok(call(ctx, 'released.register', { residentId: zhang.id, releaseDate: '2026-03-01', prison: '苏州监狱', crime: '05', sentence: '3年', handoverOn: '2026-03-01', handoverCode: '06' }));
  await ok(call(ctx, 'released.register', { residentId: sun.id, releaseDate: '2026-05-01', prison: '南京监狱', crime: '05', sentence: '2年', handoverOn: '2026-05-01', handoverCode: '06' }));
  await ok(call(ctx, 'record.add', { kind: 'help', releasedPersonId: entry.id, date: '2026-11-02', method: '面谈', staffName: '王芳', content: '已在工厂上班，情绪稳定' }));
  const photo = join(app.dataDir, 'zhang.jpg');
  const w = 900, h = 1200;
  const data = Buffer.alloc(w * h * 4, 0);
  for (let i = 0; i < w * h; i++) data.set([60 + (i % w) / 6, 120, 200 - Math.floor(i / w) / 8, 255], i * 4);
  writeFileSync(photo, jpeg.encode({ width: w, height: h, data }, 90).data);
  const notPhoto = join(app.dataDir, 'notes.jpg');
  writeFileSync(notPhoto, '不是照片');

  await app.open(`released?id=${entry.id}`);
  await page.getByTestId('entry-person').click();
  const drawer = page.getByTestId('person-drawer');
  await expect(drawer.getByTestId('photo-box')).toContainText('照片');
  app.queuePick(notPhoto);
  await drawer.getByTestId('photo-upload').click();
  await expect(page.getByTestId('photo-error')).toContainText('不是照片');
  app.queuePick(photo);
  await drawer.getByTestId('photo-upload').click();
  await expect(drawer.getByTestId('photo-image')).toBeVisible();
  await expect(drawer.getByTestId('photo-upload')).toHaveText(/更换/);
  await app.screenshot('cards-01-photo');
  await drawer.locator('.ant-drawer-close').click();

  const card = join(app.dataDir, '张卫东档案卡.pdf');
  app.queuePick(card);
  await page.getByTestId('card-print').click();
  await expect(page.getByTestId('pdf-done')).toContainText(card, { timeout: 60_000 });
  expect(pdfPages(card)).toBe(1);
  expect(pdfText(card)).toContain('张卫东');
  expect(pdfText(card)).toContain('已在工厂上班');
  expect(execFileSync('pdfimages', ['-list', card], { encoding: 'utf8' })).toMatch(/\s450\s+600\s/);
  // 预览并打印 hands the written file to the PC's PDF viewer (its print dialog is the system's).
  await page.getByTestId('pdf-done').getByTestId('pdf-open').click();
  expect(await page.evaluate(() => (window as unknown as { __openedPdf?: string }).__openedPdf)).toBe(card);
  await page.getByRole('button', { name: /知道了|OK|确\s*定/ }).click();

  await app.open('released');
  const batch = join(app.dataDir, '全部档案卡.pdf');
  app.queuePick(batch);
  await page.getByTestId('card-batch').click();
  await expect(page.getByTestId('pdf-done')).toContainText('共 2 张', { timeout: 60_000 });
  expect(pdfPages(batch)).toBe(2);
  const text = pdfText(batch);
  expect(text).toContain('张卫东');
  expect(text).toContain('孙立');
  await app.screenshot('cards-02-batch');
});

test('低保公示表 from the 低保户 page: masked ID numbers, the month’s first working week', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const ctx = app.ctx;
  await ok(call(ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  const villageId = (await ok(call(ctx, 'village.create', { code: '320121100201', name: '柳河村' }))).id;
  const gridId = (await ok(call(ctx, 'grid.create', { villageId, kind: '综合网格', name: '柳河一网格' }))).id;
  const hh = await ok(call(ctx, 'household.create', { gridId, address: '柳庄2号', tags: [] }));
  const idNumber = idNumberFor('1960-01-01');
  const head = await ok(call(ctx, 'person.create', { idNumber, name: '陈建国', householdId: hh.id, relation: '02' }));
  await ok(call(ctx, 'lowIncome.register', { householdId: hh.id, memberIds: [head.id], confirmedOn: '2026-03-20', certificateNumber: '柳保001', area: '农村', class: 'A', monthlyAmount: 612.5 }));
  await app.open('lowIncome');
  const file = join(app.dataDir, '公示表.pdf');
  app.queuePick(file);
  await page.getByTestId('posting-print').click();
  await expect(page.getByTestId('pdf-done')).toContainText('公示期 2026-11-02 至 2026-11-08', { timeout: 60_000 });
  const text = pdfText(file);
  expect(text).toContain('城关镇柳河村最低生活保障对象公示表');
  expect(text).toContain(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
  expect(text).not.toContain(idNumber);
  await app.screenshot('cards-03-posting');
});
