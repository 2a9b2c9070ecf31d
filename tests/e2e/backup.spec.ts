// 设置 → 数据备份: a backup made, verified and listed; restore asks first (saying the current state is backed up
// first), then puts the copy back and lists the 恢复前 backup beside it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call } from '../../electron/core/dispatch';
import { expect, test } from './fixtures';
import { person, seedTown } from './ui';

test('立即备份, the list, and a restore that backs up the current state first', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  await person(app, '备份前', '19800101', 11);
  await app.open('settings');
  const card = page.getByTestId('backup-card');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('last-check')).toContainText('尚未检查');
  await card.getByTestId('check-now').click();
  await expect(card.getByTestId('last-check')).toContainText('正常');
  await card.getByTestId('backup-now').click();
  await expect(card.getByTestId('backup-list').getByRole('cell', { name: '手动', exact: true })).toBeVisible();
  await expect(card.getByTestId('backup-list').getByText('已校验').first()).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await app.screenshot('backup-01-list');

  await person(app, '备份后', '19800101', 13);
  expect(app.ledger.sqlite.prepare('select count(*) from resident').pluck().get()).toBe(2);
  await card.getByTestId('restore-row').first().click();
  await expect(page.getByTestId('restore-confirm')).toContainText('恢复前会先把当前数据库备份一份');
  await app.screenshot('backup-02-restore-confirm');
  await page.getByTestId('restore-ok').click();
  await expect(page.getByText('已恢复')).toBeVisible();
  expect(app.ledger.sqlite.prepare('select name from resident').pluck().all()).toEqual(['备份前']);
  // As after any switch of the file, the shell reloads everything and shows 首页 of the restored file.
  await expect(page.getByTestId('home-page')).toBeVisible();
  await app.open('settings');
  await expect(card.getByTestId('backup-list').getByRole('cell', { name: '恢复前', exact: true })).toBeVisible();
  await app.screenshot('backup-03-restored');
});

test('a rotation value out of range is refused in Chinese; nothing saved', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  await app.open('settings');
  const result = await page.evaluate(() => window.api.invoke('backup.settings.set', { folder: null, daily: 0, weekly: 4, monthly: 12, keepOther: 20 }));
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.message).toContain('每日备份至少保留 1 份');
  expect(app.ledger.sqlite.prepare("select count(*) from setting where key = 'backup.settings'").pluck().get()).toBe(0);
});

test('the damaged screen offers the newest good backup with its date and restores it, keeping the damaged file', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  await person(app, '完好时', '19800101', 15);
  // The town's file as the app would find it at start: damaged, with its backups in 备份 beside it.
  const damagedPath = join(app.dataDir, '损坏', 'ledger.db');
  mkdirSync(join(app.dataDir, '损坏', '备份'), { recursive: true });
  const backup = join(app.dataDir, '损坏', '备份', 'ledger-备份-20261122-093000-每日.db');
  const made = await call(app.ctx, 'backup.create', { out: backup });
  expect(made.ok).toBe(true);
  const damagedBytes = Buffer.alloc(8192, 0x5a);
  writeFileSync(damagedPath, damagedBytes);
  let restarted = false;
  app.ctx.damaged = { path: damagedPath, message: `数据库文件「${damagedPath}」的文件头完好，但内容已损坏。为保护数据，本软件不会修改、清空或重建它。请从备份恢复（设置 → 数据备份）。`, onRestored: () => (restarted = true) };
  await app.open();
  await expect(page.getByTestId('damaged-page')).toBeVisible();
  await expect(page.getByTestId('damaged-newest-date')).toBeVisible();
  await app.screenshot('backup-04-damaged-screen');
  await page.getByTestId('damaged-restore-newest').click();
  await expect(page.getByTestId('damaged-restored')).toBeVisible();
  expect(restarted).toBe(true);
  const kept = readdirSync(join(app.dataDir, '损坏')).filter((n) => n.includes('恢复前'));
  expect(kept).toHaveLength(1);
  expect(readFileSync(join(app.dataDir, '损坏', kept[0]!)).equals(damagedBytes)).toBe(true);
  await app.screenshot('backup-05-damaged-restored');
  app.ctx.damaged = undefined;
});
