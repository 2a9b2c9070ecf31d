// 审计日志: the administrator sees who viewed and changed what (a village user's view of a released
// person among them), filters by kind and person, exports the log, and 校验 finds an edited entry.
// Other roles have no nav item.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Caller } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { makeScopeTown } from '../helpers/scopeTown';
import { expect, test } from './fixtures';

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

test('the administrator reads, filters, exports and verifies the audit log; an edited entry is found', async ({ app }) => {
  const { page } = app;
  const x = await makeScopeTown(app.ctx);
  const villageUser: Caller = { userId: 'u-liu', displayName: '柳河村网格长', role: 'village', villageScope: [x.a.code] };
  await ok(call({ ...app.ctx, caller: villageUser }, 'released.get', { id: x.a.releasedId }));
  await ok(call(app.ctx, 'released.update', { id: x.a.releasedId, prison: '南京监狱', crime: '05', sentence: '4年', releaseDate: '2026-06-01' }));

  await app.open('audit');
  await expect(page.getByTestId('nav')).toContainText('审计日志');
  const table = page.getByTestId('audit-table');
  await expect(table).toContainText('修改安置帮教对象：柳户主');
  await expect(table).toContainText('原服刑场所');
  await expect(table).toContainText('南京监狱');
  await expect(table).toContainText('柳河村网格长');

  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verify-result')).toContainText('校验通过');
  await app.screenshot('audit-01-log');

  // Only views: the village user's look at 柳户主 is there.
  await page.getByTestId('audit-action').click();
  await page.locator('.ant-select-dropdown:visible').getByText('查看', { exact: true }).click();
  await expect(table.locator('tbody tr.ant-table-row').first()).toContainText('查看');
  await expect(table).toContainText('查看安置帮教对象：柳户主');
  await expect(table).not.toContainText('修改安置帮教对象');
  await app.screenshot('audit-02-views');

  const out = join(app.dataDir, '审计日志.xlsx');
  app.queuePick(out);
  await page.getByTestId('audit-export').click();
  await expect(page.getByTestId('export-done')).toContainText('已保存到');
  expect(existsSync(out)).toBe(true);
  await page.locator('.ant-modal-confirm-btns button').click();

  // Someone edits an entry behind the app's back (the append-only triggers dropped): 校验 names it.
  const db = new Database(app.ledger.path);
  db.exec('drop trigger audit_log_no_update');
  db.prepare("update audit_log set summary = '（已篡改）' where seq = 5").run();
  db.close();
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verify-result')).toContainText('校验未通过：第 5 条：内容被改动');
  await app.screenshot('audit-03-tampered');
});

test('staff see no 审计日志 in the navigation, and the page refuses them', async ({ app }) => {
  const { page } = app;
  await ok(call(app.ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  app.ctx.caller = { userId: 'u-staff', displayName: '工作人员甲', role: 'staff', villageScope: null };
  await app.open('home');
  await expect(page.getByTestId('nav')).toContainText('首页');
  await expect(page.getByTestId('nav')).not.toContainText('审计日志');
  await app.open('audit');
  await expect(page.getByTestId('audit-page')).toHaveCount(0);
});
