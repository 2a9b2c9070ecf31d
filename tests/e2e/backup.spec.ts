// 设置 → 数据备份: a backup made, verified and listed; restore asks first (saying the current state is backed up
// first), then puts the copy back and lists the 恢复前 backup beside it.
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
