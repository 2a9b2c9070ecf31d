// Grids, staff, households and residents through the UI: the renderer in Chromium, window.api bridged
// to the real core, and every change checked in the SQLite file as well as on screen.
import ExcelJS from 'exceljs';
import { pinyin } from 'pinyin-pro';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { call } from '../../electron/core/dispatch';
import { checkDigit } from '../../shared/rules/idNumber';
import { expect, test, type AppFixture } from './fixtures';

/** A valid ID: region + birth date + sequence (odd = male) + check digit. */
function makeId(birth: string, seq: number, region = '320121'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}
function badCheckDigit(id: string): string {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
}

function count(app: AppFixture, sql: string, ...params: unknown[]): number {
  return (app.ledger.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

async function setupTown(app: AppFixture) {
  const r = await call(app.ctx, 'town.setup', { name: '城关镇', code: '320121100000' });
  expect(r.ok).toBe(true);
}

async function seedGrid(app: AppFixture) {
  await setupTown(app);
  const v = await call(app.ctx, 'village.create', { code: '320121100201', name: '东关村', type: '村' });
  if (!v.ok) throw new Error(v.error.message);
  const g = await call(app.ctx, 'grid.create', { villageId: v.value.id, kind: '综合网格', name: '第一网格', description: '' });
  if (!g.ok) throw new Error(g.error.message);
  return { village: v.value, grid: g.value };
}

/** Opens an antd Select (found by its label inside `scope`) and picks the option with this text. */
async function pick(page: Page, scope: Locator | Page, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  // A multiple select stays open after a pick; close it by clicking outside, like a user would.
  if (await page.locator('.ant-select-dropdown:visible').count()) {
    await (page === scope ? page.locator('body') : (scope as Locator).locator('.ant-modal-title')).click();
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  }
}

async function nav(page: Page, label: string) {
  await page.getByTestId('nav').getByText(label, { exact: true }).click();
}

test('grids, staff and a household of two are made through the UI; search finds them by initials', async ({ app }) => {
  const { page } = app;
  await setupTown(app);
  await app.open('grids');
  await expect(page.getByTestId('grids-page')).toBeVisible();

  // A village: a code from another town is refused with the reason, then the right one is taken.
  await page.getByTestId('new-village').click();
  const villageDialog = page.getByRole('dialog', { name: '新建村/社区' });
  await villageDialog.getByLabel('村/社区代码（12位统计用区划代码）').fill('320121200201');
  await expect(villageDialog.getByText('村/社区代码的前9位应与本乡镇代码相同（320121100）')).toBeVisible();
  await villageDialog.getByLabel('村/社区代码（12位统计用区划代码）').fill('320121100201');
  await expect(villageDialog.getByText('按惯例为村')).toBeVisible();
  await villageDialog.getByLabel('名称').fill('东关村');
  await villageDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('grids-notice')).toContainText('已新建村「东关村」，代码 320121100201');
  expect(app.ledger.sqlite.prepare('select code, name, type from village').all()).toEqual([{ code: '320121100201', name: '东关村', type: '村' }]);

  // A grid under it: the code is assigned and shown.
  await page.getByRole('row', { name: /东关村/ }).getByTestId('row-new-grid').click();
  const gridDialog = page.getByRole('dialog', { name: '新建网格' });
  await gridDialog.getByLabel('网格名称').fill('第一网格');
  await gridDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('grids-notice')).toContainText('已新建综合网格「第一网格」，网格编码 320121100201001');
  await expect(page.getByRole('row', { name: /第一网格/ })).toContainText('320121100201001');
  await expect(page.getByRole('row', { name: /第一网格/ }).getByTestId('tag-staffing')).toContainText('缺网格长');
  expect(app.ledger.sqlite.prepare('select code, name, kind from grid').all()).toEqual([{ code: '320121100201001', name: '第一网格', kind: '综合网格' }]);

  // A staff member: the ID is checked while typing.
  await nav(page, '网格员');
  await page.getByTestId('new-staff').click();
  const staffDialog = page.getByRole('dialog', { name: '新增网格员' });
  await staffDialog.getByLabel('姓名').fill('王芳');
  const staffId = makeId('19850612', 124);
  await staffDialog.getByLabel('公民身份号码（可不填）').fill(badCheckDigit(staffId));
  await expect(staffDialog.getByTestId('id-check')).toContainText('校验位错误');
  await staffDialog.getByLabel('公民身份号码（可不填）').fill(staffId);
  await expect(staffDialog.getByTestId('id-check')).toContainText('性别：女　出生日期：1985-06-12');
  await pick(page, staffDialog, '职务', '网格长');
  await staffDialog.getByLabel('联系电话').fill('13905150001');
  await pick(page, staffDialog, '服务的网格（可多选）', '东关村·第一网格');
  await staffDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('staff-notice')).toContainText('已新增网格员「王芳」（网格长）');
  await expect(page.getByTestId('staff-table')).toContainText('东关村·第一网格');
  expect(app.ledger.sqlite.prepare('select name, id_number as idNumber, role from staff').all()).toEqual([{ name: '王芳', idNumber: staffId, role: '01' }]);
  expect(count(app, 'select count(*) as n from staff_grid')).toBe(1);
  // 网格员花名册: the save dialog answers a path; the core writes the file.
  const roster = join(app.dataDir, '花名册.xlsx');
  app.queuePick(roster);
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-done')).toContainText('共 1 行');
  expect(existsSync(roster)).toBe(true);
  await page.getByRole('button', { name: /知道了|OK|确定/ }).click();

  // A household, then its two members: the first try with a wrong ID gets a clear message and saves nothing.
  await nav(page, '实有人口');
  await expect(page.getByTestId('people-total')).toContainText('共 0 人');
  await page.getByTestId('new-household').click();
  const hhDialog = page.getByRole('dialog', { name: '新建户' });
  await pick(page, hhDialog, '所属网格', '东关村·第一网格');
  await hhDialog.getByLabel('住址').fill('东关村三组 12 号');
  await pick(page, hhDialog, '户标签（可多选）', '空巢老人户');
  await hhDialog.getByRole('button', { name: '保存' }).click();
  const drawer = page.getByTestId('household-drawer');
  await expect(drawer.getByTestId('household-title')).toBeVisible();
  await expect(drawer).toContainText('空巢老人户');
  const householdId = (app.ledger.sqlite.prepare('select id from household').get() as { id: number }).id;

  await drawer.getByTestId('add-member').click();
  let personDialog = page.getByRole('dialog', { name: /添加成员/ });
  const zhangSan = makeId('19560301', 131);
  await personDialog.getByLabel('公民身份号码').fill(badCheckDigit(zhangSan));
  await personDialog.getByLabel('姓名', { exact: true }).fill('张三');
  await personDialog.getByRole('button', { name: '保存' }).click();
  await expect(personDialog.getByTestId('id-check')).toContainText(`公民身份号码校验位错误（末位应为 ${zhangSan[17]}`);
  expect(count(app, 'select count(*) as n from resident')).toBe(0);
  await app.screenshot('13-person-wrong-id');
  // Correcting the ID keeps the rest of what was typed.
  await personDialog.getByLabel('公民身份号码').fill(zhangSan);
  await expect(personDialog.getByTestId('derived-sex')).toHaveValue('男');
  await expect(personDialog.getByTestId('derived-birth')).toHaveValue('1956-03-01');
  await expect(personDialog.getByLabel('姓名', { exact: true })).toHaveValue('张三');
  await pick(page, personDialog, '民族', '汉族');
  await personDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('people-notice')).toContainText(`已登记「张三」（${zhangSan}）`);
  await expect(drawer.getByTestId('household-members')).toContainText('张三');

  await drawer.getByTestId('add-member').click();
  personDialog = page.getByRole('dialog', { name: /添加成员/ });
  const zhangXiaoming = makeId('19851120', 157);
  await personDialog.getByLabel('公民身份号码').fill(zhangXiaoming);
  await personDialog.getByLabel('姓名', { exact: true }).fill('张小明');
  await pick(page, personDialog, '与户主关系', '子');
  await personDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('people-notice')).toContainText('已登记「张小明」');
  await expect(drawer.getByTestId('household-members').locator('tbody tr')).toHaveCount(2);
  expect(
    app.ledger.sqlite.prepare('select name, sex, birth_date as birthDate, relation, ethnicity from resident where household_id = ? order by id').all(householdId),
  ).toEqual([
    { name: '张三', sex: '1', birthDate: '1956-03-01', relation: '02', ethnicity: '01' },
    { name: '张小明', sex: '1', birthDate: '1985-11-20', relation: '20', ethnicity: null },
  ]);
  await drawer.locator('.ant-drawer-close').click();

  // The list exports as it is shown.
  const list = join(app.dataDir, '实有人口.xlsx');
  app.queuePick(list);
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-done')).toContainText('共 2 行');
  expect(existsSync(list)).toBe(true);
  await page.getByRole('button', { name: /知道了|OK|确定/ }).click();

  // Search: initials, full pinyin, an ID fragment.
  await expect(page.getByTestId('people-total')).toContainText('共 2 人');
  await page.getByTestId('people-search').fill('zs');
  await expect(page.getByTestId('people-total')).toContainText('共 1 人');
  await expect(page.getByTestId('resident-row')).toHaveCount(1);
  await expect(page.getByTestId('resident-row')).toContainText('张三');
  await page.getByTestId('people-search').fill('zxm');
  await expect(page.getByTestId('resident-row')).toContainText('张小明');
  await page.getByTestId('people-search').fill(zhangXiaoming.slice(6, 14));
  await expect(page.getByTestId('resident-row')).toHaveCount(1);
  await expect(page.getByTestId('resident-row')).toContainText('张小明');

  // The person's page shows the record with labels and the household.
  await page.getByTestId('resident-row').click();
  const personDrawer = page.getByTestId('person-drawer');
  await expect(personDrawer.getByTestId('person-title')).toHaveText('张小明');
  await expect(personDrawer.getByTestId('person-record')).toContainText('1985-11-20');
  await expect(personDrawer.getByTestId('household-members')).toContainText('张三');

  // 迁出: a date and a reason; the person stays, closed.
  await personDrawer.getByTestId('person-leave').click();
  const leave = page.getByRole('dialog', { name: '张小明：迁出或死亡' });
  await leave.getByRole('button', { name: '确认' }).click();
  await expect(leave.getByText('请填写原因')).toBeVisible();
  await leave.getByLabel('原因').fill('迁往南京市玄武区');
  await leave.getByLabel('日期', { exact: true }).fill('2026-11-20');
  await leave.getByLabel('日期', { exact: true }).press('Enter');
  await leave.getByRole('button', { name: '确认' }).click();
  await expect(personDrawer.getByTestId('person-left')).toContainText('已于 2026-11-20 迁出');
  expect(app.ledger.sqlite.prepare('select status, left_on as leftOn, left_reason as leftReason from resident where name = ?').get('张小明')).toEqual({
    status: '迁出',
    leftOn: '2026-11-20',
    leftReason: '迁往南京市玄武区',
  });
});

test('a grid with households cannot be closed (the app says why), and moves to another village with a new code', async ({ app }) => {
  const { page } = app;
  const { grid } = await seedGrid(app);
  const h = await call(app.ctx, 'household.create', { gridId: grid.id, address: '东关村一组 1 号', tags: [] });
  expect(h.ok).toBe(true);
  await app.open('grids');
  await page.getByRole('row', { name: /第一网格/ }).getByRole('button', { name: '撤销' }).click();
  const dialog = page.getByRole('dialog', { name: '撤销网格「第一网格」' });
  await dialog.getByLabel('撤销原因').fill('区划调整');
  await dialog.getByRole('button', { name: '撤销网格' }).click();
  await expect(dialog.getByTestId('dialog-error')).toContainText('网格「第一网格」还有 1 户');
  await expect(dialog.getByLabel('撤销原因')).toHaveValue('区划调整');
  expect(count(app, 'select count(*) as n from grid where closed_on is not null')).toBe(0);
  await dialog.getByRole('button', { name: '取消' }).click();

  // Moving it to another village: confirmed, and the new code is shown.
  const other = await call(app.ctx, 'village.create', { code: '320121100202', name: '西关村', type: '村' });
  expect(other.ok).toBe(true);
  await page.reload();
  await page.getByRole('row', { name: /第一网格/ }).getByRole('button', { name: '移至其他村' }).click();
  const move = page.getByRole('dialog', { name: '移动网格「第一网格」' });
  await move.getByRole('combobox').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '西关村' }).click();
  await move.getByRole('button', { name: '移动…' }).click();
  await page.getByRole('dialog', { name: '确认移动网格' }).getByRole('button', { name: '移动' }).click();
  await expect(page.getByTestId('grids-notice')).toContainText('网格「第一网格」已移至「西关村」，新编码 320121100202001（原编码 320121100201001）');
  expect(app.ledger.sqlite.prepare('select code from grid').get()).toEqual({ code: '320121100202001' });
});

test('an import with problems: preview, skip the bad rows, counts on screen and in the database', async ({ app }) => {
  const { page } = app;
  await seedGrid(app);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人口');
  ws.addRow(['东关村实有人口登记表（2026年11月）']);
  ws.addRow(['序号', '姓名', '身份证号码', '性别', '民族', '联系电话', '现居住地址', '所属网格', '户号', '与户主关系']);
  const good = [
    ['李建国', makeId('19620408', 111), '男', '汉族', '13905151111', '东关村二组 3 号', '320121100201001', 'H001', '户主'],
    ['王秀英', makeId('19640915', 122), '女', '汉', '13905151112', '东关村二组 3 号', '320121100201001', 'H001', '配偶'],
    ['李明', makeId('19900101', 133), '男', '汉族', '', '东关村二组 3 号', '320121100201001', 'H001', '子'],
    ['赵红梅', makeId('19781230', 144), '女', '回族', '13905152222', '东关村四组 8 号', '320121100201001', 'H002', '户主'],
    ['赵小雨', makeId('20120618', 162).toLowerCase(), '女', '回族', '', '东关村四组 8 号', '320121100201001', 'H002', '女'],
  ];
  const bad = [
    ['钱进', badCheckDigit(makeId('19700707', 171)), '男', '汉族', '', '东关村五组 1 号', '320121100201001', 'H003', '户主'], // bad check digit
    ['', makeId('19710101', 181), '男', '汉族', '', '东关村五组 2 号', '320121100201001', 'H004', '户主'], // no name
    ['孙丽', makeId('19800505', 192), '男', '汉族', '', '东关村五组 3 号', '320121100201001', 'H005', '户主'], // sex contradicts the ID
    ['周强', makeId('19851010', 211), '男', '火星族', '', '东关村五组 4 号', '320121100201001', 'H006', '户主'], // unknown code
    ['吴刚', makeId('19950202', 231), '男', '汉族', '', '东关村五组 5 号', '320121100299001', 'H007', '户主'], // unknown grid
  ];
  [...good, ...bad].forEach((r, i) => ws.addRow([i + 1, ...r]));
  const file = join(app.dataDir, '东关村人口.xlsx');
  await wb.xlsx.writeFile(file);

  await app.open('import');
  // The template comes through the save dialog.
  const template = join(app.dataDir, '模板.xlsx');
  app.queuePick(template);
  await page.getByTestId('download-template').click();
  await expect(page.getByText('模板已保存到')).toBeVisible();
  expect(existsSync(template)).toBe(true);
  // A file that is not a workbook gets a clear message and nothing else happens.
  const notXlsx = join(app.dataDir, '名单.xlsx');
  writeFileSync(notXlsx, '姓名,身份证号\n张三,1\n');
  app.queuePick(notXlsx);
  await page.getByTestId('choose-file').click();
  await expect(page.getByTestId('import-error')).toContainText('文件「名单.xlsx」不是 Excel 文件（它是文本或 CSV 文件');
  await expect(page.getByTestId('choose-file')).toBeVisible();

  app.queuePick(file);
  await page.getByTestId('choose-file').click();
  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('preview-added')).toContainText('5');
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('校验位错误');
  await expect(problems).toContainText('姓名');
  await expect(problems).toContainText('性别');
  await expect(problems).toContainText('火星族');
  await expect(problems).toContainText('320121100299001');
  await expect(page.getByTestId('import-columns')).toContainText('身份证号码 → 公民身份号码');
  await expect(page.getByTestId('import-all')).toBeDisabled();
  expect(count(app, 'select count(*) as n from resident')).toBe(0);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await app.screenshot('12-import-preview');

  await page.getByTestId('import-skip').click();
  await page.getByRole('button', { name: '跳过并导入' }).click();
  await expect(page.getByTestId('import-result')).toBeVisible();
  await expect(page.getByTestId('result-added')).toContainText('5');
  await expect(page.getByTestId('result-skipped')).toContainText('5');
  await expect(page.getByTestId('result-households')).toContainText('2');
  expect(count(app, 'select count(*) as n from resident')).toBe(5);
  expect(count(app, 'select count(*) as n from household')).toBe(2);
  expect(count(app, "select count(*) as n from resident where name in ('钱进', '孙丽', '周强', '吴刚')")).toBe(0);

  await page.getByRole('button', { name: '查看实有人口' }).click();
  await expect(page.getByTestId('people-total')).toContainText('共 5 人');
});

test('a demo town of 100,000 residents: the grid tree and a smooth resident list', async ({ app }) => {
  test.setTimeout(600_000);
  const { page } = app;
  const summary = await generateDemoTown(app.ctx, { residents: 100_000, seed: 1 });
  expect(summary.residents).toBe(100_000);

  await app.open('grids');
  await expect(page.getByTestId('tree-village').first()).toBeVisible();
  const tree = await call(app.ctx, 'grid.tree', {});
  if (!tree.ok) throw new Error(tree.error.message);
  await expect(page.getByTestId('grids-summary')).toContainText(`实有人口 ${tree.value.totals.residents.toLocaleString('zh-CN')} 人`);
  await expect(page.getByTestId('tree-village')).toHaveCount(tree.value.villages.length);
  // A town this size opens with its villages folded; open the first one and the first with a warning.
  await expect(page.getByTestId('tree-grid')).toHaveCount(0);
  const warned = Math.max(1, tree.value.villages.findIndex((v) => v.grids.some((g) => g.warnings.length > 0)));
  for (const i of [0, warned]) await page.locator('tr.row-village').nth(i).locator('.ant-table-row-expand-icon').click();
  await expect(page.getByTestId('tree-grid')).toHaveCount(tree.value.villages[0]!.grids.length + tree.value.villages[warned]!.grids.length);
  await app.screenshot('10-grid-tree');

  await nav(page, '实有人口');
  const inRegister = count(app, "select count(*) as n from resident where status = '在册'");
  await expect(page.getByTestId('people-total')).toContainText(`共 ${inRegister.toLocaleString('zh-CN')} 人`);
  await expect(page.getByTestId('resident-row').first()).toBeVisible();
  // Only the rows in view are in the page, however long the list.
  expect(await page.getByTestId('resident-row').count()).toBeLessThan(80);
  // Jump to the middle: the rows there are fetched and shown.
  const started = Date.now();
  await page.locator('.vtable-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(page.locator('[data-testid=resident-row] .vcell.right').first()).toHaveText(/^\d{5}$/);
  await expect(page.getByTestId('resident-row-loading')).toHaveCount(0);
  expect(Date.now() - started).toBeLessThan(3000);
  await app.screenshot('11-residents-100k');

  // Initials over the whole town.
  await page.getByTestId('people-search').fill('zs');
  await expect(page.getByTestId('people-total')).not.toContainText(inRegister.toLocaleString('zh-CN'));
  await expect(page.getByTestId('resident-row').first()).toBeVisible();
  const names = await page.locator('[data-testid=resident-row] .vcell:nth-child(2)').allInnerTexts();
  expect(names.length).toBeGreaterThan(5);
  for (const name of names) expect(pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' }).join('')).toMatch(/^zs/);
  await app.screenshot('15-search-initials');

  await page.getByTestId('resident-row').nth(1).click();
  await expect(page.getByTestId('person-record')).toBeVisible();
  await expect(page.getByTestId('household-members').locator('tbody tr').first()).toBeVisible();
  await app.screenshot('16-person-drawer');
});

test('the setup page loads the demo town and opens on the home page with its counts', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  await app.open();
  await page.getByTestId('load-demo').click();
  await expect(page.getByTestId('home-page')).toBeVisible({ timeout: 120_000 });
  const tree = await call(app.ctx, 'grid.tree', {});
  if (!tree.ok) throw new Error(tree.error.message);
  expect(tree.value.totals.residents).toBeGreaterThan(2500);
  await expect(page.getByTestId('home-count-residents')).toContainText(tree.value.totals.residents.toLocaleString('zh-CN'));
  await expect(page.getByTestId('home-count-villages')).toContainText(String(tree.value.totals.villages));
  expect(count(app, 'select count(*) as n from resident')).toBe(3000);
  await app.screenshot('14-home-demo');
});
