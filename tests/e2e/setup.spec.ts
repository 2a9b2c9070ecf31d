import { expect, test } from './fixtures';

test('first run: a wrong code is refused with a clear message, a right one opens the home page', async ({ app }) => {
  const { page } = app;
  await app.open();
  await expect(page.getByTestId('setup-page')).toBeVisible();
  await expect(page.getByText('欢迎使用乡镇综治台账')).toBeVisible();
  await app.screenshot('01-setup');

  await page.getByLabel('乡镇（街道）名称').fill('城关镇');
  await page.getByLabel('统计用区划代码（12位）').fill('320121100201');
  await page.getByRole('button', { name: '保存并开始使用' }).click();
  await expect(page.getByText('乡镇的代码以 000 结尾')).toBeVisible();
  await app.screenshot('02-setup-wrong-code');
  const stored = app.ledger.sqlite.prepare('select count(*) as n from town').get() as { n: number };
  expect(stored.n).toBe(0);

  await page.getByLabel('统计用区划代码（12位）').fill('320121100000');
  await expect(page.getByText('识别为：镇')).toBeVisible();
  await page.getByRole('button', { name: '保存并开始使用' }).click();
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.getByTestId('header-town')).toContainText('城关镇');
  await expect(page.getByRole('heading', { name: '城关镇综治中心' })).toBeVisible();
  await app.screenshot('03-home');
  const row = app.ledger.sqlite.prepare('select name, code from town').get();
  expect(row).toEqual({ name: '城关镇', code: '320121100000' });
});

test('the core refuses a wrong code even when the form check is bypassed', async ({ app }) => {
  const { page } = app;
  await app.open();
  const result = await page.evaluate(() => window.api.invoke('town.setup', { name: '城关镇', code: '12345' }));
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.message).toContain('12位');
  expect((app.ledger.sqlite.prepare('select count(*) as n from town').get() as { n: number }).n).toBe(0);
});

test('the town can be edited later in 设置', async ({ app }) => {
  const { page } = app;
  app.ledger.sqlite.prepare("insert into town (id, name, code, created_at, updated_at) values (1, '城关镇', '320121100000', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')").run();
  await app.open('settings');
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await page.getByLabel('乡镇（街道）名称').fill('城关街道');
  await page.getByLabel('统计用区划代码（12位）').fill('320121001000');
  await page.getByTestId('town-card').getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await expect(page.getByTestId('header-town')).toContainText('城关街道');
  await app.screenshot('04-settings');
  expect(app.ledger.sqlite.prepare('select name, code from town').get()).toEqual({ name: '城关街道', code: '320121001000' });
});
