// The demo lives in its own database file: open it from 设置, see the banner, switch back, and the
// town's own database has no demo person (issue 8, item 6).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { call } from '../../electron/core/dispatch';
import { DEMO_FILE_NAME } from '../../electron/core/workspace/service';
import { addPerson } from '../helpers/people';
import { expect, test } from './fixtures';

const REAL_PERSON = { idNumber: '11010519491231002X', name: '真实居民' };

test('the demo opens in its own database with a banner, and the town’s database never gets a demo person', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  const townPath = join(app.dataDir, 'ledger.db');
  const setup = await call(app.ctx, 'town.setup', { name: '城关镇', code: '320121100000' });
  expect(setup.ok).toBe(true);
  addPerson(app.ctx, REAL_PERSON);
  const townCounts = () => app.ledger.sqlite.prepare('select (select count(*) from resident) as r, (select count(*) from village) as v, (select count(*) from household) as h').get();
  const before = townCounts();

  await app.open('settings');
  await expect(page.getByTestId('header-town')).toContainText('城关镇');
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  await expect(page.getByTestId('workspace-path')).toHaveText(townPath);
  await app.screenshot('31-settings-databases');

  await page.getByTestId('open-demo-db').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('demo-banner')).toContainText('演示数据库');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.getByTestId('header-town')).toContainText('青石镇');
  expect(app.ledger.path).toBe(join(app.dataDir, DEMO_FILE_NAME));
  const demoNames = (app.ledger.sqlite.prepare('select name from resident').all() as { name: string }[]).map((r) => r.name);
  expect(demoNames.length).toBe(3000);
  await app.screenshot('30-demo-banner');

  // The banner stays on every page of the demo.
  await page.getByTestId('nav').getByText('实有人口').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible();

  await page.getByTestId('demo-banner-back').click();
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  await expect(page.getByTestId('header-town')).toContainText('城关镇');
  expect(app.ledger.path).toBe(townPath);
  expect(townCounts()).toEqual(before);

  // Read the town's file on its own: one real person, none of the demo's.
  app.ctx.workspace!.close();
  const file = new Database(townPath, { readonly: true });
  try {
    const names = (file.prepare('select name from resident').all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual([REAL_PERSON.name]);
    expect(file.prepare("select count(*) as n from setting where key = 'workspace.demo'").get()).toEqual({ n: 0 });
    expect(file.prepare('select name from town').get()).toEqual({ name: '城关镇' });
  } finally {
    file.close();
  }
});

test('设置 refuses a file that is not one of our databases, creates a new one and comes back', async ({ app }) => {
  const { page } = app;
  const townPath = join(app.dataDir, 'ledger.db');
  expect((await call(app.ctx, 'town.setup', { name: '城关镇', code: '320121100000' })).ok).toBe(true);
  const list = join(app.dataDir, '花名册.db');
  writeFileSync(list, '姓名,电话\n');

  await app.open('settings');
  app.queuePick(list);
  await page.getByTestId('open-other-db').click();
  await expect(page.getByTestId('workspace-error')).toContainText('不是本软件的数据库');
  expect(app.ledger.path).toBe(townPath);

  const spare = join(app.dataDir, '备用.db');
  app.queuePick(spare);
  await page.getByTestId('create-db').click();
  // A new, empty database: first-run setup, with a note that this is not the town's own file.
  await expect(page.getByTestId('setup-page')).toBeVisible();
  await expect(page.getByTestId('other-db-banner')).toContainText(spare);
  expect(app.ledger.path).toBe(spare);
  await page.getByTestId('other-db-banner').getByRole('button', { name: '回到本乡镇数据库' }).click();
  await expect(page.getByTestId('header-town')).toContainText('城关镇');
  await expect(page.getByTestId('other-db-banner')).toHaveCount(0);
  expect(app.ledger.path).toBe(townPath);
});
