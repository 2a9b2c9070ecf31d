// The key-group ledgers through the UI: 安置帮教 from a 释放通知书 through 衔接, 报到, 帮教记录 and a class change
// with the today list following each step; a 随访 with 危险性 3 making the patient a 以奖代补 对象; a 低保 复核 with
// 停发 closing the household; the person timeline; the rules card. The town is set up through the core first.
import { call } from '../../electron/core/dispatch';
import { expect, test } from './fixtures';
import { ok } from '../helpers/results';
import { choose, chooseRadio, dialogsSettled, dueRow, field, fillDate, person, pick, search, seedTown, setDueDate, shot, typeAndLeave } from './ui';

test('安置帮教: from a 释放通知书 through 衔接, 报到, a 帮教记录 and a class change, the today list follows', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  const zhang = await person(app, '张伟', '19850317', 11);
  await person(app, '赵敏', '19900512', 22);

  await app.open('released');
  await expect(page.getByTestId('released-page')).toBeVisible();
  await page.getByTestId('released-register').click();
  const dialog = page.getByRole('dialog', { name: '登记刑满释放人员' });
  await search(page, dialog, '人员', '张伟');
  await fillDate(dialog, '通知书收到日期', '2026-11-05');
  await field(dialog, '服刑场所').fill('江苏省南京监狱');
  await pick(page, dialog, '原罪名', '侵犯财产罪');
  await field(dialog, '原判刑期').fill('3年6个月');
  // The 期满日 is computed while typing: 5 years, or 3 when the term ended in 社区矫正.
  await fillDate(dialog, '释放日期', '2026-10-20');
  await expect(dialog.getByTestId('computed-term-end')).toHaveText('2031-10-20');
  await dialog.getByRole('checkbox', { name: /社区矫正/ }).check();
  await expect(dialog.getByTestId('computed-term-end')).toHaveText('2029-10-20');
  await dialog.getByRole('checkbox', { name: /社区矫正/ }).uncheck();
  await dialog.getByTestId('register-ok').click();

  // The detail page: 待衔接, the 期满日 computed, 待登记衔接 overdue.
  await expect(page.getByTestId('released-detail')).toBeVisible();
  await expect(page.getByTestId('released-detail').getByTestId('status-tag').first()).toHaveText('待衔接');
  await expect(page.getByTestId('term-end')).toHaveText('2031-10-20');
  await expect(page.getByTestId('entry-dues')).toContainText('待登记衔接');
  expect(app.ledger.sqlite.prepare('select status, notice_received_on as n, release_date as r from released_person').get()).toEqual({ status: '待衔接', n: '2026-11-05', r: '2026-10-20' });

  // The today list: 待登记衔接 (notice + 7 = 11-12, 11 days late) and 报到逾期 (release + 30 = 11-19, 4 days late).
  await page.getByTestId('nav').getByText('今日待办', { exact: true }).click();
  await expect(page.getByTestId('today-page')).toBeVisible();
  await expect(dueRow(page, '待登记衔接', '张伟')).toContainText('2026-11-12');
  await expect(dueRow(page, '待登记衔接', '张伟').getByTestId('days-late')).toHaveText('11');
  await expect(dueRow(page, '报到逾期', '张伟').getByTestId('days-late')).toHaveText('4');
  await expect(page.getByTestId('due-count-待登记衔接')).toContainText('逾期 1');
  await shot(app, 'ledgers-01-today-list');

  // 衔接 from the today list: the item is gone, 报到逾期 stays.
  await dueRow(page, '待登记衔接', '张伟').getByTestId('due-act').click();
  const handover = page.getByRole('dialog', { name: '衔接：张伟' });
  await pick(page, handover, '衔接情况', '司法所接回');
  await handover.getByTestId('step-ok').click();
  await expect(handover).toBeHidden();
  await expect(dueRow(page, '待登记衔接', '张伟')).toHaveCount(0);
  await expect(dueRow(page, '报到逾期', '张伟')).toHaveCount(1);

  // 报到: a date before the release is refused with the core's message and the form keeps it; then the right date.
  await dueRow(page, '报到逾期', '张伟').getByTestId('due-act').click();
  const report = page.getByRole('dialog', { name: '报到：张伟' });
  await fillDate(report, '报到日期', '2026-10-01');
  await report.getByTestId('step-ok').click();
  await expect(report.getByTestId('step-error')).toContainText('早于');
  await expect(field(report, '报到日期')).toHaveValue('2026-10-01');
  await fillDate(report, '报到日期', '2026-11-20');
  await report.getByTestId('step-ok').click();
  await expect(report).toBeHidden();
  await expect(dueRow(page, '报到逾期', '张伟')).toHaveCount(0);
  // 首次走访 = 报到 + 7 = 11-27: 即将到期.
  await expect(dueRow(page, '首次走访', '张伟')).toContainText('2026-11-27');
  await expect(dueRow(page, '首次走访', '张伟')).toContainText('即将到期');

  // The 帮教小组 and a 帮教记录 on the detail page.
  await dueRow(page, '首次走访', '张伟').getByTestId('due-name').click();
  await expect(page.getByTestId('released-detail')).toBeVisible();
  await page.getByTestId('team-edit').click();
  const team = page.getByRole('dialog', { name: '帮教小组：张伟' });
  await choose(page, team.getByTestId('team-staff').getByRole('combobox'), '王芳');
  await choose(page, team.getByTestId('team-role').getByRole('combobox'), '组长');
  await team.getByTestId('team-add-button').click();
  await team.getByText('手填').click();
  await team.getByTestId('team-name').fill('张建国');
  await choose(page, team.getByTestId('team-role').getByRole('combobox'), '家庭成员');
  await team.getByTestId('team-add-button').click();
  await team.getByTestId('team-ok').click();
  await expect(team).toBeHidden();
  await expect(page.getByTestId('team-card')).toContainText('帮教小组（2 人）');

  await page.getByTestId('add-help').click();
  const help = page.getByRole('dialog', { name: /帮教记录：张伟/ });
  await typeAndLeave(page, field(help, '经办人'), '王芳');
  await field(help, '帮教内容').fill('首次走访，了解就业和家庭情况，进行法治教育');
  await help.getByTestId('record-ok').click();
  await expect(help).toBeHidden();
  await expect(page.getByTestId('help-records')).toContainText('首次走访，了解就业');
  await expect(page.getByTestId('entry-dues')).not.toContainText('首次走访');
  expect(app.ledger.sqlite.prepare("select staff_id as s, staff_name as n from record where kind = 'help'").get()).toEqual({ s: expect.any(Number), n: '王芳' });

  // On 2026-12-24 nothing is due for 张伟 while 一般 (帮教走访 every 3 months); after the class becomes 重点 (monthly)
  // the 帮教走访 of 12-23 is a day late there.
  await page.getByTestId('nav').getByText('今日待办', { exact: true }).click();
  await expect(dueRow(page, '首次走访', '张伟')).toHaveCount(0);
  await setDueDate(page, '2026-12-24');
  await expect(page.getByTestId('due-total')).toContainText('共');
  await expect(dueRow(page, '帮教走访', '张伟')).toHaveCount(0);

  await page.getByTestId('nav').getByText('安置帮教', { exact: true }).click();
  await page.getByTestId('released-table').locator('tbody tr.ant-table-row').filter({ hasText: '张伟' }).getByTestId('row-name').click();
  await expect(page.getByTestId('released-detail')).toBeVisible();
  await page.getByTestId('step-assess').click();
  const assess = page.getByRole('dialog', { name: '分类评估：张伟' });
  await assess.getByText('重点', { exact: true }).click();
  await field(assess, '评估理由').fill('无业，家庭关系紧张，列为重点帮教');
  await assess.getByTestId('step-ok').click();
  await expect(assess).toBeHidden();
  await expect(page.getByTestId('assessments')).toContainText('无业，家庭关系紧张');
  await expect(page.getByTestId('released-detail').locator('.entry-head')).toContainText('重点帮教');
  await shot(app, 'ledgers-02-released-detail');

  await page.getByTestId('nav').getByText('今日待办', { exact: true }).click();
  await setDueDate(page, '2026-12-24');
  await expect(dueRow(page, '帮教走访', '张伟')).toContainText('2026-12-23');
  await expect(dueRow(page, '帮教走访', '张伟').getByTestId('days-late')).toHaveText('1');

  // The list shows him 在册帮教, 重点.
  await page.getByTestId('nav').getByText('安置帮教', { exact: true }).click();
  const row = page.getByTestId('released-table').locator('tbody tr.ant-table-row').filter({ hasText: '张伟' });
  await expect(row).toContainText('在册帮教');
  await expect(row).toContainText('重点');
  await shot(app, 'ledgers-03-released-list');

  // The person page: his place in the ledger and the timeline of every step.
  await row.getByTestId('row-name').click();
  await page.getByTestId('entry-person').click();
  const drawer = page.getByTestId('person-drawer');
  await expect(drawer.getByTestId('ledger-place-released')).toContainText('在册帮教');
  const timeline = drawer.getByTestId('timeline');
  await expect(timeline).toContainText('收到释放通知书，列入安置帮教台账');
  await expect(timeline).toContainText('到司法所报到');
  await expect(timeline).toContainText('分类评估：重点帮教');
  await expect(timeline).toContainText('帮教记录（面谈）');
  await drawer.getByTestId('person-ledgers').scrollIntoViewIfNeeded();
  await shot(app, 'ledgers-04-person-timeline');
  expect(zhang.id).toBeGreaterThan(0);
});

test('严重精神障碍: a 随访 with 危险性 3 makes the patient a 以奖代补 对象', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  await person(app, '李娜', '19880402', 24);
  await person(app, '李国强', '19600101', 31);
  // A second patient, registered through the core, so the list has colours to show.
  const other = await person(app, '周敏', '19751111', 42);
  await ok(call(app.ctx, 'patient.register', { residentId: other.id, registeredOn: '2026-06-01', diagnosis: '04', risk: 4, treatment: '02', guardianName: '周大海', guardianPhone: '13812345678', guardianRelation: '10' }));

  await app.open('patient');
  await page.getByTestId('patient-register').click();
  const dialog = page.getByRole('dialog', { name: '登记严重精神障碍患者' });
  await search(page, dialog, '患者', '李娜');
  await fillDate(dialog, '建档日期', '2026-09-01');
  await pick(page, dialog, '目前诊断类型', '精神分裂症');
  await pick(page, dialog, '目前危险性评估等级', '1 级');
  await expect(dialog).toContainText('口头威胁');
  await pick(page, dialog, '治疗情况', '居家服用');
  await search(page, dialog, '监护人（居民）', '李国强');
  await pick(page, dialog, '监护人与患者关系', '父亲');
  await dialog.getByTestId('register-ok').click();

  const detail = page.getByTestId('patient-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('award-status')).toHaveText('不是以奖代补对象');
  await expect(detail.getByTestId('award-reason')).toContainText('危险性 1 级，低于 3 级');
  // First 随访 = 建档 + 14 days = 09-15: overdue.
  await expect(detail.getByTestId('entry-dues')).toContainText('随访');

  await page.getByTestId('add-follow-up').click();
  const fu = page.getByRole('dialog', { name: /随访记录：李娜/ });
  // The class is proposed from the 1级 危险性 (基本稳定), not 稳定.
  await expect(field(fu, '下次随访日期')).toHaveValue('2026-12-07');
  await fu.getByText('基本稳定', { exact: true }).click();
  await expect(field(fu, '下次随访日期')).toHaveValue('2026-12-07');
  await fillDate(fu, '记录日期', '2026-11-20');
  await expect(field(fu, '下次随访日期')).toHaveValue('2026-12-04');
  await pick(page, fu, '危险性评估', '3 级');
  await expect(fu).toContainText('明显打砸行为');
  await pick(page, fu, '服药依从性', '间断服药');
  await typeAndLeave(page, field(fu, '经办人'), '王芳');
  await field(fu, '随访情况').fill('家属反映近期情绪激动，砸坏家中物品');
  await fu.getByTestId('record-ok').click();
  await expect(fu).toBeHidden();

  await expect(detail.getByTestId('award-status')).toHaveText('是以奖代补对象');
  await expect(detail.getByTestId('award-reason')).toContainText('危险性 3 级（2026-11-20 评估），达到 3 级');
  await expect(detail.getByTestId('award-eligible-tag')).toBeVisible();
  // 3级 makes the class 不稳定 (a milder one is refused).
  await expect(detail.getByTestId('follow-up-records')).toContainText('不稳定');
  await expect(detail.getByTestId('entry-dues')).toContainText('2026-12-04');

  // Sign the 监护责任书: the yearly review becomes a due item a year later.
  await detail.getByTestId('award-sign').click();
  const sign = page.getByRole('dialog', { name: /签订监护责任书/ });
  await sign.getByTestId('step-ok').click();
  await expect(sign).toBeHidden();
  await expect(detail.getByTestId('award-card')).toContainText('2026-11-23 签订');
  await expect(detail.getByTestId('entry-dues')).toContainText('以奖代补年审');
  expect(app.ledger.sqlite.prepare('select risk, award_agreement_signed_on as s from patient where resident_id != ?').get(other.id)).toEqual({ risk: 3, s: '2026-11-23' });
  await shot(app, 'ledgers-05-patient-detail');

  await page.getByRole('button', { name: '返回名单' }).click();
  const rows = page.getByTestId('patient-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: '李娜' }).getByTestId('award-flag')).toHaveText('已签责任书');
  await expect(rows.filter({ hasText: '周敏' }).getByTestId('award-flag')).toHaveText('对象·未签');
  await shot(app, 'ledgers-06-patient-list');
});

test('低保: a 复核 with 停发 takes the household out of the 在保 list', async ({ app }) => {
  const { page } = app;
  const town = await seedTown(app);
  const h1 = await ok(call(app.ctx, 'household.create', { gridId: town.gridId, address: '东关村3组12号', tags: [] }));
  await person(app, '孙立', '19620808', 51, { householdId: h1.id, relation: '02' });
  await person(app, '钱芳', '19650909', 62, { householdId: h1.id, relation: '10' });
  await person(app, '孙小宝', '20120101', 73, { householdId: h1.id, relation: '20' });
  const h2 = await ok(call(app.ctx, 'household.create', { gridId: town.gridId, address: '东关村5组3号', tags: [] }));
  const wu = await person(app, '吴桂兰', '19450302', 82, { householdId: h2.id, relation: '02' });
  await ok(call(app.ctx, 'lowIncome.register', { householdId: h2.id, confirmedOn: '2025-12-01', certificateNumber: 'DB-2025-031', area: '农村', class: 'A', memberIds: [wu.id], monthlyAmount: 620, extremePoverty: '分散' }));

  await app.open('lowIncome');
  await page.getByTestId('low-income-register').click();
  const dialog = page.getByRole('dialog', { name: '登记低保户' });
  await search(page, dialog, '住户', '孙立');
  await expect(dialog.getByTestId('member-checks').getByRole('checkbox')).toHaveCount(3);
  await dialog.getByTestId('member-checks').getByRole('checkbox', { name: /孙小宝/ }).uncheck();
  await fillDate(dialog, '确认日期', '2026-05-10');
  await field(dialog, '低保证号').fill('DB-2026-007');
  await pick(page, dialog, '分类', 'C类');
  await expect(dialog).toContainText('首次复核 2026-11-10');
  await field(dialog, '月保障金额').fill('1280');
  await dialog.getByTestId('register-ok').click();

  const detail = page.getByTestId('low-income-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('entry-facts')).toContainText('2 人');
  await expect(detail.getByTestId('entry-dues')).toContainText('低保复核');

  await page.getByRole('button', { name: '返回名单' }).click();
  await expect(page.getByTestId('low-income-table').locator('tbody tr.ant-table-row')).toHaveCount(2);
  await expect(page.getByTestId('ledger-count')).toContainText('保障 3 人');
  await shot(app, 'ledgers-07-low-income-list');

  // 复核 with 停发: the exit reason is required; the household leaves the 在保 list.
  await page.getByTestId('low-income-table').locator('tbody tr.ant-table-row').filter({ hasText: '孙立' }).getByTestId('row-name').click();
  await detail.getByTestId('add-review').click();
  const review = page.getByRole('dialog', { name: /低保复核：孙立户/ });
  await chooseRadio(page, review, '减发');
  await field(review, '调整后月保障金额').fill('1500');
  await typeAndLeave(page, field(review, '经办人'), '王芳');
  await review.getByTestId('record-ok').click();
  await expect(review.getByTestId('record-error')).toContainText('减发后的月保障金额（1500 元）应低于现在的 1280 元');
  await chooseRadio(page, review, '停发');
  await pick(page, review, '退出原因', '家庭收入超过保障标准');
  await field(review, '复核情况').fill('子女就业，家庭人均收入超过当地低保标准');
  await review.getByTestId('record-ok').click();
  await expect(review).toBeHidden();
  await expect(detail.getByTestId('status-tag').first()).toHaveText('停保');
  await expect(detail.getByTestId('exit-alert')).toContainText('家庭收入超过保障标准');
  await expect(detail.getByTestId('review-records')).toContainText('停发');
  await shot(app, 'ledgers-08-low-income-detail');

  await page.getByRole('button', { name: '返回名单' }).click();
  const rows = page.getByTestId('low-income-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('吴桂兰');
  await page.getByTestId('ledger-status-filter').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '全部' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: '孙立' })).toContainText('停保');
  expect(app.ledger.sqlite.prepare("select status, exit_reason as r from low_income where certificate_number = 'DB-2026-007'").get()).toEqual({ status: '停保', r: '01' });
});

test('规则设置: a change is marked, an invalid value shows the core message, defaults come back', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  await app.open('settings');
  const card = page.getByTestId('rules-card');
  await expect(card).toContainText('帮教走访周期（重点）');

  await card.getByTestId('rule-visitCycleMonths.key').fill('2');
  await card.getByTestId('rule-handoverDays').fill('0');
  await card.getByTestId('rules-save').click();
  await expect(card.getByTestId('rules-error')).toContainText('收到释放通知书后登记衔接时限');
  await expect(card.getByTestId('rule-handoverDays')).toHaveValue('0');
  expect(app.ledger.sqlite.prepare("select count(*) as n from setting where key = 'rules'").get()).toEqual({ n: 0 });

  await card.getByTestId('rule-handoverDays').fill('10');
  await card.getByTestId('rules-save').click();
  await expect(card.getByTestId('rule-changed')).toHaveCount(2);
  await shot(app, 'ledgers-09-settings-rules');
  const view = await ok(call(app.ctx, 'rules.get', {}));
  expect(view.rules.visitCycleMonths.key).toBe(2);
  expect(view.rules.handoverDays).toBe(10);

  await card.getByTestId('rule-reset-handoverDays').click();
  await expect(card.getByTestId('rule-changed')).toHaveCount(1);
  await expect(card.getByTestId('rule-handoverDays')).toHaveValue('7');
  await card.getByTestId('rules-reset-all').click();
  await page.getByRole('button', { name: '全部恢复', exact: true }).click();
  await expect(card.getByTestId('rule-changed')).toHaveCount(0);
  expect((await ok(call(app.ctx, 'rules.get', {}))).changed).toEqual([]);
});

test('首页 counts by kind lead to the today list; 数据检查 lists a 帮教对象 without a team', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  const a = await person(app, '刘洋', '19800101', 15);
  const b = await person(app, '何静', '19820202', 26, { gridId: null });
  await ok(call(app.ctx, 'released.register', { residentId: a.id, releaseDate: '2026-08-01', handoverOn: '2026-08-02', handoverCode: '06', prison: '苏州监狱', class: 'general' }));
  await ok(call(app.ctx, 'patient.register', { residentId: b.id, registeredOn: '2026-10-01', diagnosis: '01', risk: 0, guardianName: '何父', guardianPhone: '13811112222' }));

  await app.open('home');
  const home = page.getByTestId('home-due');
  await expect(home.getByTestId('home-due-报到逾期')).toContainText('逾期 1');
  await expect(home.getByTestId('home-due-随访')).toContainText('逾期 1');
  await shot(app, 'ledgers-10-home');
  await home.getByTestId('home-due-随访').click();
  await expect(page.getByTestId('today-page')).toBeVisible();
  await expect(page.getByTestId('due-table').locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(dueRow(page, '随访', '何静')).toBeVisible();
  await shot(app, 'ledgers-11-home-to-today');

  // The 随访 form opens from the list; saving moves the item out of the window.
  await dueRow(page, '随访', '何静').getByTestId('due-act').click();
  const fu = page.getByRole('dialog', { name: /随访记录：何静/ });
  await typeAndLeave(page, field(fu, '经办人'), '赵医生');
  await fu.getByTestId('record-ok').click();
  await expect(fu).toBeHidden();
  await expect(page.getByTestId('due-table').locator('tbody tr.ant-table-row')).toHaveCount(0);

  await page.getByTestId('nav').getByText('数据检查', { exact: true }).click();
  await expect(page.getByTestId('check-group-帮教小组为空')).toContainText('刘洋');
  await expect(page.getByTestId('check-group-无网格')).toContainText('何静');
  await shot(app, 'ledgers-12-checks');

  // From a check to the person page: a 走访记录 there shows on the timeline.
  await page.getByTestId('check-group-无网格').locator('tr', { hasText: '何静' }).getByTestId('check-open-person').click();
  const drawer = page.getByTestId('person-drawer');
  await expect(drawer.getByTestId('ledger-place-patient')).toContainText('在管');
  await drawer.getByTestId('person-add-visit').click();
  const visit = page.getByRole('dialog', { name: /走访记录：何静/ });
  await typeAndLeave(page, field(visit, '经办人'), '王芳');
  await visit.getByTestId('record-ok').click();
  await expect(visit.getByText('请填写走访情况')).toBeVisible();
  await field(visit, '走访情况').fill('入户了解生活和服药情况，家属配合');
  await visit.getByTestId('record-ok').click();
  await expect(visit).toBeHidden();
  await expect(drawer.getByTestId('timeline')).toContainText('走访记录（家访）');
  await expect(drawer.getByTestId('timeline')).toContainText('入户了解生活和服药情况');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  await page.getByTestId('check-group-帮教小组为空').getByTestId('check-open-entry').click();
  await expect(page.getByTestId('released-detail')).toContainText('刘洋');
});

test('更正: a 随访 entered with the wrong date is corrected and its due item moves; Esc asks before losing the input', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  const li = await person(app, '李娜', '19880402', 24);
  const p = await ok(call(app.ctx, 'patient.register', { residentId: li.id, registeredOn: '2026-09-01', diagnosis: '01', risk: 0, treatment: '02', guardianName: '李国强', guardianPhone: '13812345678' }));
  const fu = await ok(call(app.ctx, 'record.add', { kind: 'followUp', patientId: p.id, date: '2026-10-01', method: '家访', staffName: '王芳', risk: 0, medication: '1', followUpClass: '3', hospitalization: '0' }));
  expect(fu.nextFollowUpOn).toBe('2027-01-01');

  await app.open('patient');
  await page.getByTestId('patient-table').locator('tbody tr.ant-table-row').filter({ hasText: '李娜' }).getByTestId('row-name').click();
  const detail = page.getByTestId('patient-detail');
  await expect(detail.getByTestId('entry-dues')).toContainText('2027-01-01');

  await detail.getByTestId(`record-correct-${fu.id}`).click();
  const dialog = page.getByTestId('correct-dialog');
  await expect(dialog).toBeVisible();
  await fillDate(dialog, '日期', '2026-11-20');
  // Esc with typed input asks first; 继续填写 keeps the form. (From the dialog itself: in the date input, Esc closes the picker.)
  const confirm = page.locator('.ant-modal-confirm').filter({ hasText: '放弃未保存的内容？' });
  await page.getByRole('dialog', { name: /更正随访记录/ }).getByRole('button', { name: '关闭' }).click();
  await expect(confirm).toBeVisible();
  await dialogsSettled(page);
  await confirm.getByRole('button', { name: '继续填写' }).click();
  await expect(confirm).toBeHidden();
  await field(dialog, '更正原因').focus();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeVisible();
  await dialogsSettled(page);
  await confirm.getByRole('button', { name: '继续填写' }).click();
  await expect(confirm).toBeHidden();
  await dialogsSettled(page);
  await expect(dialog).toBeVisible();
  await expect(field(dialog, '日期')).toHaveValue('2026-11-20');
  // The reason is required.
  await page.getByTestId('correct-ok').click();
  await expect(dialog).toContainText('请填写更正原因');
  await field(dialog, '更正原因').fill('随访日期录错');
  await page.getByTestId('correct-ok').click();
  await expect(dialog).toBeHidden();

  await expect(detail.getByTestId('follow-up-records')).toContainText('2026-11-20');
  await expect(detail.getByTestId('entry-dues')).toContainText('2027-02-20');
  await expect(detail.getByTestId('entry-dues')).not.toContainText('2027-01-01');
  expect(app.ledger.sqlite.prepare("select reason from revision where subject = 'record' and subject_id = ?").pluck().get(fu.id)).toBe('随访日期录错');
  await shot(app, 'ledgers-12-corrected-follow-up');
});

test('作废: a 复核 entered on the wrong household is voided; the amount goes back and the timeline strikes it through', async ({ app }) => {
  const { page } = app;
  const town = await seedTown(app);
  const h = await ok(call(app.ctx, 'household.create', { gridId: town.gridId, address: '东关村5组3号', tags: [] }));
  const wu = await person(app, '吴桂兰', '19450302', 82, { householdId: h.id, relation: '02' });
  const entry = await ok(call(app.ctx, 'lowIncome.register', { householdId: h.id, confirmedOn: '2025-12-01', certificateNumber: 'DB-2025-031', area: '农村', class: 'A', memberIds: [wu.id], monthlyAmount: 620 }));
  const wrong = await ok(call(app.ctx, 'record.add', { kind: 'review', lowIncomeId: entry.id, date: '2026-11-10', method: '家访', staffName: '王芳', content: '入户核查', result: '增发', newAmount: 700 }));

  await app.open('lowIncome');
  await page.getByTestId('low-income-table').locator('tbody tr.ant-table-row').filter({ hasText: '吴桂兰' }).getByTestId('row-name').click();
  const detail = page.getByTestId('low-income-detail');
  await expect(detail.getByTestId('entry-facts')).toContainText('700');

  await detail.getByTestId(`record-void-${wrong.id}`).click();
  const dialog = page.getByTestId('void-dialog');
  await field(dialog, '作废原因').fill('录到了别的户');
  await page.getByTestId('void-ok').click();
  await expect(dialog).toBeHidden();
  await expect(detail.getByTestId('review-records')).toContainText('还没有记录');
  await expect(detail.getByTestId('entry-facts')).toContainText('620');
  await expect(detail.getByTestId('entry-facts')).not.toContainText('700');

  // The covered member's page: the 复核 of the household is on the timeline, struck through with the reason.
  await detail.getByRole('link', { name: '吴桂兰' }).or(detail.locator('a', { hasText: '吴桂兰' })).first().click();
  const voided = page.getByTestId('timeline-event').filter({ has: page.getByTestId('timeline-voided') });
  await expect(voided).toContainText('录到了别的户');
  expect(app.ledger.sqlite.prepare('select voided_on from record where id = ?').pluck().get(wrong.id)).toBe('2026-11-23');
});

test('更正 and 作废 of steps: a 低保 exit made by mistake is voided, a patient’s 失访 date corrected; the reason is required', async ({ app }) => {
  const { page } = app;
  const town = await seedTown(app);
  const h = await ok(call(app.ctx, 'household.create', { gridId: town.gridId, address: '东关村6组1号', tags: [] }));
  const zhao = await person(app, '赵秀英', '19500505', 76, { householdId: h.id, relation: '02' });
  const entry = await ok(call(app.ctx, 'lowIncome.register', { householdId: h.id, confirmedOn: '2025-12-01', certificateNumber: 'DB-2025-041', area: '农村', class: 'A', memberIds: [zhao.id], monthlyAmount: 600 }));

  await app.open('lowIncome');
  await page.getByTestId('low-income-table').locator('tbody tr.ant-table-row').filter({ hasText: '赵秀英' }).getByTestId('row-name').click();
  const detail = page.getByTestId('low-income-detail');
  await expect(detail.getByTestId('exit-void')).toHaveCount(0);
  await detail.getByTestId('low-income-exit').click();
  const exit = page.getByTestId('step-exit');
  await choose(page, field(exit, '退出原因'), '本人申请退出');
  await page.getByTestId('step-ok').click();
  await expect(exit).toBeHidden();

  await detail.getByTestId('exit-void').click();
  const dialog = page.getByTestId('exit-void-dialog');
  await page.getByTestId('exit-void-ok').click();
  await expect(dialog).toContainText('请填写作废原因');
  await field(dialog, '作废原因').fill('误点了退出');
  await page.getByTestId('exit-void-ok').click();
  await expect(dialog).toBeHidden();
  await expect(detail.getByTestId('exit-void')).toHaveCount(0);
  await expect(detail.getByTestId('low-income-exit')).toBeEnabled();
  expect(app.ledger.sqlite.prepare('select status from low_income where id = ?').pluck().get(entry.id)).toBe('在保');

  const qian = await person(app, '钱明', '19800808', 46);
  const p = await ok(call(app.ctx, 'patient.register', { residentId: qian.id, registeredOn: '2026-09-01', diagnosis: '01', risk: 0, treatment: '02', guardianName: '钱父', guardianPhone: '13812345679' }));
  const lost = (await ok(call(app.ctx, 'patient.changeStatus', { id: p.id, to: '失访', date: '2026-11-01', reason: '外出打工' }))).statusChanges.at(-1)!;
  await app.open('patient');
  await page.getByTestId('patient-table').locator('tbody tr.ant-table-row').filter({ hasText: '钱明' }).getByTestId('row-name').click();
  const pd = page.getByTestId('patient-detail');
  await pd.getByTestId(`status-correct-${lost.id}`).click();
  const fix = page.getByTestId('status-correct-dialog');
  await fillDate(fix, '变更日期', '2026-11-10');
  await field(fix, '更正原因').fill('以村委会证明为准');
  await page.getByTestId('status-correct-ok').click();
  await expect(fix).toBeHidden();
  await expect(pd.getByTestId('status-history')).toContainText('2026-11-10');
  expect(app.ledger.sqlite.prepare("select reason from revision where subject = 'patient' and step = 'status'").pluck().get()).toBe('以村委会证明为准');
});
