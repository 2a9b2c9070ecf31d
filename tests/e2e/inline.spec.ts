// Registering a key-group person who is not yet in 实有人口: the person (or household) form opens over the ledger
// form, and what it makes is picked there — the staffer never has to leave and come back.
import { expect, test } from './fixtures';
import { dialogsSettled, field, fillDate, makeId, pick, seedTown } from './ui';

test('a patient not yet in the register is registered inline, then put in the ledger', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  await app.open('patient');
  await page.getByTestId('patient-register').click();
  const dialog = page.getByRole('dialog', { name: '登记严重精神障碍患者' });
  // Saving without a person names the way out, not a dead end.
  await dialog.getByTestId('register-ok').click();
  await expect(dialog).toContainText('不在册的点「新登记人员」');

  await dialog.getByTestId('new-resident-inline').click();
  const personDialog = page.getByRole('dialog', { name: '新增人员' });
  const id = makeId('19790612', 35);
  await personDialog.getByLabel('公民身份号码').fill(id);
  await personDialog.getByLabel('姓名', { exact: true }).fill('钱丽');
  // A click while the dialog still opens was lost once under CI load.
  await dialogsSettled(page);
  await personDialog.getByRole('button', { name: '保存' }).click();
  await expect(personDialog).toBeHidden();
  // Back in the patient form with the new person chosen.
  await expect(dialog.getByTestId('resident-picker').first()).toContainText('钱丽');

  await fillDate(dialog, '建档日期', '2026-10-01');
  await pick(page, dialog, '目前诊断类型', '精神分裂症');
  await dialog.getByTestId('register-ok').click();
  await expect(page.getByTestId('patient-detail')).toContainText('钱丽');
  const row = app.ledger.sqlite.prepare('select r.name, r.id_number as idNumber, p.diagnosis from patient p join resident r on r.id = p.resident_id').all();
  expect(row).toEqual([{ name: '钱丽', idNumber: id, diagnosis: '01' }]);
});

test('a 低保户 not yet in the register: a new household and its member, made inline', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  await app.open('lowIncome');
  await page.getByTestId('low-income-register').click();
  const dialog = page.getByRole('dialog', { name: '登记低保户' });
  await dialog.getByTestId('new-household-inline').click();
  const hh = page.getByRole('dialog', { name: '新建户' });
  await pick(page, hh, '所属网格', '第一网格');
  await hh.getByLabel('住址').fill('东关村七组 8 号');
  await hh.getByTestId('household-ok').click();
  await expect(hh).toBeHidden();
  await expect(dialog.getByTestId('household-picker')).toContainText('东关村七组 8 号');

  await dialog.getByTestId('add-member-inline').click();
  const member = page.getByRole('dialog', { name: /添加成员/ });
  await member.getByLabel('公民身份号码').fill(makeId('19470203', 51));
  await member.getByLabel('姓名', { exact: true }).fill('孙桂芝');
  await pick(page, member, '与户主关系', '户主');
  await member.getByRole('button', { name: '保存' }).click();
  await expect(member).toBeHidden();
  await expect(dialog.getByTestId('member-checks').getByRole('checkbox', { name: /孙桂芝/ })).toBeChecked();

  await fillDate(dialog, '确认日期', '2026-11-02');
  await field(dialog, '月保障金额').fill('700');
  await app.screenshot('inline-01-low-income-new-household');
  await dialog.getByTestId('register-ok').click();
  await expect(page.getByTestId('low-income-detail').getByTestId('entry-facts')).toContainText('1 人');
  const rows = app.ledger.sqlite
    .prepare('select h.address, r.name, r.relation from low_income l join household h on h.id = l.household_id join low_income_member m on m.low_income_id = l.id join resident r on r.id = m.resident_id')
    .all();
  expect(rows).toEqual([{ address: '东关村七组 8 号', name: '孙桂芝', relation: '02' }]);
});
