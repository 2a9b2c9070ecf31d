// The event desk end to end: a finding of a 走访 reported as an event, accepted, routed, handled, checked, closed and
// rated on its page; the month's T5 counts it and lists it one click away; a 村级用户 sees only their villages' events.
import { call } from '../../electron/core/dispatch';
import type { Caller } from '../../electron/core/context';
import { ok } from '../helpers/results';
import { expect, test } from './fixtures';
import { choose, dialogsSettled, field, seedTown } from './ui';

test('report an event from a visit, route it, close it, rate it; see the month’s T5', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 900 });
  const town = await seedTown(app);
  const hh = await ok(call(app.ctx, 'household.create', { gridId: town.gridId, address: '东关村8号', tags: [] }));
  const visit = await ok(call(app.ctx, 'record.add', { kind: 'visit', householdId: hh.id, date: '2026-11-20', method: '家访', staffName: '王芳', content: '两户因宅基地边界发生争执' }));

  // 走访记录 → 转为事件: the finding opens the 新建事件 form with the visit attached.
  await app.open('visits');
  await page.getByTestId('visits-table').getByTestId('visit-to-event').first().click();
  await expect(page.getByTestId('event-from-visit')).toContainText(`走访记录 #${visit.id}`);
  await choose(page, field(page, '事件类别'), '房屋宅基地纠纷');
  await field(page, '事件标题').fill('宅基地边界争议');
  await choose(page, field(page, '村（社区）'), '东关村');
  await choose(page, field(page, '网格'), '第一网格');
  await page.getByTestId('party-add').click();
  await page.getByTestId('party-0').getByPlaceholder('姓名', { exact: true }).fill('张某');
  await app.screenshot('events-01-new');
  await page.getByTestId('event-submit').click();

  const eventPage = page.getByTestId('event-page');
  await expect(eventPage).toBeVisible();
  await expect(page.getByTestId('event-state')).toHaveText('已上报');
  await expect(page.getByTestId('event-deadlines')).toContainText('受理时限');
  // Only 受理 (and 督办) may be done now; 办结 is greyed.
  await expect(page.getByTestId('event-step-close')).toHaveCount(0);

  const doStep = async (step: string, fill?: () => Promise<void>) => {
    await page.getByTestId(`event-step-${step}`).click();
    const modal = page.getByRole('dialog');
    await expect(modal).toBeVisible();
    await dialogsSettled(page);
    if (fill) await fill();
    await page.locator('.ant-modal-footer').getByRole('button', { name: '确 定' }).or(page.locator('.ant-modal-footer').getByRole('button', { name: '确定' })).click();
    await expect(page.locator('.ant-modal-wrap:visible')).toHaveCount(0);
  };
  await doStep('accept');
  await expect(page.getByTestId('event-state')).toHaveText('已受理');
  await doStep('dispatch', async () => {
    const input = page.getByRole('dialog').getByRole('combobox');
    await input.fill('综治工作平台');
    await input.press('Tab');
  });
  await expect(page.getByTestId('event-state')).toHaveText('已分流');
  await doStep('handle', async () => {
    await field(page.getByRole('dialog'), '办理意见').fill('现场调解，双方同意按原界址');
  });
  await doStep('check');
  await doStep('close');
  await expect(page.getByTestId('event-state')).toHaveText('已办结');
  await doStep('rate', async () => {
    await choose(page, field(page.getByRole('dialog'), '群众满意度'), '满意');
  });
  await expect(page.getByTestId('event-state')).toHaveText('已评价');
  await expect(page.getByTestId('event-timeline')).toContainText('分流派遣 → 综治工作平台');
  await expect(page.getByTestId('event-deadlines')).toContainText('按期');
  await app.screenshot('events-02-rated');

  // The list: the event, rated.
  await app.open('events');
  await expect(page.getByTestId('event-table')).toContainText('宅基地边界争议');
  await expect(page.getByTestId('event-table')).toContainText('已评价');
  await app.screenshot('events-03-list');

  // The month's T5: one dispute found and resolved in 东关村, its event one click away.
  await app.open('reports');
  await page.getByTestId('report-choice').getByText('T5 矛盾纠纷').click();
  const t5 = page.getByTestId('report-T5');
  await expect(t5.getByTestId('figure-found-total')).toHaveText('1');
  await expect(t5.getByTestId('figure-resolved-total')).toHaveText('1');
  await expect(t5.getByTestId('report-total')).toContainText('100.00%');
  await app.screenshot('events-04-t5');
  await t5.getByTestId('figure-found-total').click();
  const drawer = page.getByTestId('members-drawer');
  await expect(drawer.getByTestId('members-total')).toHaveText('1');
  await expect(drawer).toContainText('宅基地边界争议');
});

test('a 村级用户 sees only their villages’ events', async ({ app }) => {
  const { page } = app;
  const town = await seedTown(app);
  const villages = await ok(call(app.ctx, 'village.list', {}));
  const other = villages.find((v) => v.id !== town.villageId)!;
  const mine = villages.find((v) => v.id === town.villageId)!;
  await ok(call(app.ctx, 'event.create', { source: '来电', category: 'D02', villageId: town.villageId, title: '东关村的邻里纠纷', reportedOn: '2026-11-20' }));
  await ok(call(app.ctx, 'event.create', { source: '来电', category: 'D01', villageId: other.id, title: '西街社区的家庭纠纷', reportedOn: '2026-11-20' }));
  const villageUser: Caller = { userId: 'u-dg', displayName: '东关村干部', role: 'village', villageScope: [mine.code] };
  app.ctx.caller = villageUser;
  await app.open('events');
  await expect(page.getByTestId('event-table')).toContainText('东关村的邻里纠纷');
  await expect(page.getByTestId('event-total')).toHaveText('共 1 件');
  await expect(page.getByTestId('event-table')).not.toContainText('西街社区');
  await app.screenshot('events-05-village-user');
});

test('设置: a day made a holiday in 节假日调整 moves an event’s due date; the town adds its own category', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 900 });
  const town = await seedTown(app);
  // Friday 20 November + 2 working days = Tuesday 24th; with Monday 23rd a holiday, Wednesday 25th.
  const e = await ok(call(app.ctx, 'event.create', { source: '来电', category: 'D02', villageId: town.villageId, title: '楼上漏水', reportedOn: '2026-11-20' }));
  expect(e.deadlines[0]!.dueOn).toBe('2026-11-24');
  await app.open('settings');
  const card = page.getByTestId('calendar-card');
  await expect(card).toContainText('2026 年国家节假日已收录');
  await card.getByPlaceholder('说明，如：镇里统一补休').fill('镇里统一补休');
  // Enter in the date field confirms it and submits the (inline) form.
  const date = card.getByPlaceholder('日期');
  await date.click();
  await date.fill('2026-11-23');
  await date.press('Enter');
  await expect(card.locator('tbody')).toContainText('镇里统一补休');
  const categories = page.getByTestId('category-card');
  await categories.getByPlaceholder('类别名称').fill('养犬扰民');
  await page.getByTestId('category-add').click();
  await expect(categories.locator('tbody')).toContainText('养犬扰民');
  await card.scrollIntoViewIfNeeded();
  await app.screenshot('events-06-settings');
  expect((await ok(call(app.ctx, 'event.get', { id: e.id }))).deadlines[0]!.dueOn).toBe('2026-11-25');
});
