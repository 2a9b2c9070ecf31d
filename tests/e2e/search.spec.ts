// Find anyone from anywhere: the header search box, from any page, grouped results, keyboard to
// open; and the duplicate-ID refusal linking to the person who has the ID.
import { call } from '../../electron/core/dispatch';
import { checkDigit } from '../../shared/rules/idNumber';
import { expect, test, type AppFixture } from './fixtures';

function makeId(birth: string, seq: number, region = '320121'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const zhangSan = makeId('19560301', 131);
const liZhangHua = makeId('19880808', 153);

async function seed(app: AppFixture) {
  await ok(call(app.ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  const village = await ok(call(app.ctx, 'village.create', { code: '320121100201', name: '东关村', type: '村' }));
  const grid = await ok(call(app.ctx, 'grid.create', { villageId: village.id, kind: '综合网格', name: '第一网格', description: '' }));
  const household = await ok(call(app.ctx, 'household.create', { gridId: grid.id, address: '东关村三组 12 号', tags: [] }));
  const head = await ok(call(app.ctx, 'person.create', { idNumber: zhangSan, name: '张三', householdId: household.id, relation: '02', phone: '13812345678' }));
  await ok(call(app.ctx, 'person.create', { idNumber: liZhangHua, name: '李张华', gridId: grid.id }));
  await ok(
    call(app.ctx, 'released.register', {
      residentId: head.id, releaseDate: '2026-06-01', prison: '苏州监狱', crime: '05', sentence: '3年', class: 'general', handoverOn: '2026-06-01', handoverCode: '06',
    }),
  );
  return { household, head };
}

test('the header search finds a person by part of a name, an ID fragment or a phone; Enter opens them', async ({ app }) => {
  const { page } = app;
  const { household } = await seed(app);
  await app.open('grids');

  const box = page.getByTestId('header-search-input');
  await box.fill('张华');
  const popup = page.locator('.ant-select-dropdown:visible');
  await expect(popup.getByTestId('search-resident')).toHaveCount(1);
  await expect(popup).toContainText('李张华');
  await box.press('Enter');
  await expect(page.getByTestId('person-drawer').getByTestId('person-title')).toHaveText('李张华');
  await page.getByTestId('person-drawer').locator('.ant-drawer-close').click();

  // From a ledger page: any part of an ID; the results are grouped, ↓ moves, Enter opens.
  await app.open('released');
  await box.fill(zhangSan.slice(6, 14));
  await expect(popup.getByTestId('search-resident')).toHaveCount(1);
  await expect(popup).toContainText('居民');
  await expect(popup.getByTestId('search-household')).toContainText(household.number);
  await expect(popup.getByTestId('search-ledger')).toContainText('安置帮教');
  await app.screenshot('search-01-header-results');
  await box.press('ArrowDown');
  await box.press('ArrowUp');
  await box.press('Enter');
  await expect(page.getByTestId('person-drawer').getByTestId('person-title')).toHaveText('张三');
  await page.getByTestId('person-drawer').locator('.ant-drawer-close').click();

  // A phone fragment, then ↓ to the household and Enter opens it.
  await box.fill('12345678');
  await expect(popup.getByTestId('search-resident')).toHaveCount(1);
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(page.getByTestId('household-drawer')).toContainText(household.number);

  // Nothing found says so.
  await box.fill('钱七');
  await expect(popup).toContainText('没有找到「钱七」');
});

test('registering an ID that exists links to the person who has it', async ({ app }) => {
  const { page } = app;
  await seed(app);
  await app.open('people');
  await page.getByTestId('new-person').click();
  const dialog = page.getByTestId('person-dialog');
  await dialog.getByLabel('公民身份号码').fill(zhangSan);
  await dialog.getByLabel('姓名', { exact: true }).fill('张三重');
  await page.getByTestId('person-ok').click();
  await expect(page.getByTestId('dialog-error')).toContainText('已登记为');
  await app.screenshot('search-02-duplicate-id-link');
  await page.getByTestId('error-person-link').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('person-drawer').getByTestId('person-title')).toHaveText('张三');
  expect((app.ledger.sqlite.prepare('select count(*) as n from resident').get() as { n: number }).n).toBe(2);
});
