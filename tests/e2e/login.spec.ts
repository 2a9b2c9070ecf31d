// Accounts in the UI: the first start (town → administrator → recovery code → logged in), the lock and a
// wrong password, and 用户管理 adding a 村级用户 who then sees only their village.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call } from '../../electron/core/dispatch';
import { ok } from '../helpers/results';
import { expect, PROTECTED_ADMIN, test } from './fixtures';
import { makeId } from './ui';

test.describe('first start', () => {
  test.use({ accounts: 'firstStart' });

  test('setup → administrator → recovery code → logged in; lock; a wrong password is refused', async ({ app }) => {
    const { page } = app;
    await app.open();
    await expect(page.getByTestId('setup-page')).toBeVisible();
    await page.getByLabel('乡镇（街道）名称').fill('城关镇');
    await page.getByLabel('统计用区划代码（12位）').fill('320121100000');
    await page.getByRole('button', { name: '保存并开始使用' }).click();

    await expect(page.getByTestId('create-admin-page')).toBeVisible();
    await page.getByTestId('admin-display-name').fill('王站长');
    await page.getByTestId('admin-login-name').fill('wangzz');
    await page.getByTestId('admin-password').fill('abcdefgh');
    await page.getByTestId('admin-password-confirm').fill('abcdefgh');
    await page.getByTestId('admin-ok').click();
    await expect(page.getByText(/现在只有 1 种/)).toBeVisible();
    await app.screenshot('login-01-create-admin');
    await page.getByTestId('admin-password').fill('Zhan-Zhang-2026');
    await page.getByTestId('admin-password-confirm').fill('Zhan-Zhang-2026');
    await page.getByTestId('admin-ok').click();

    await expect(page.getByTestId('recovery-code-page')).toBeVisible();
    const code = (await page.getByTestId('recovery-code').textContent()) ?? '';
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/);
    await app.screenshot('login-02-recovery-code');
    // 保存为 PDF for the office safe: the code is on the page, and nowhere but in the file staff chose.
    const pdf = join(app.dataDir, '数据恢复码.pdf');
    app.queuePick(pdf);
    await page.getByTestId('recovery-pdf').click();
    await expect.poll(() => existsSync(pdf)).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(code.replace(/-/g, ''));
    expect(text).toContain('城关镇');
    await expect(page.getByTestId('recovery-done')).toBeDisabled();
    await page.getByTestId('recovery-kept').click();
    await page.getByTestId('recovery-done').click();

    await expect(page.getByTestId('home-page')).toBeVisible();
    await expect(page.getByTestId('header-user-name')).toHaveText('王站长（管理员）');
    // The town's file is encrypted now: no name of the town in its bytes, a keyring beside it.
    const db = join(app.dataDir, 'ledger.db');
    expect(readFileSync(db).includes(Buffer.from('城关镇'))).toBe(false);
    expect(readFileSync(`${db}.keyring`, 'utf8')).not.toContain('Zhan-Zhang-2026');

    await page.getByTestId('menu-lock').click();
    await expect(page.getByTestId('lock-page')).toBeVisible();
    await expect(page.getByText('请输入「wangzz」的密码继续')).toBeVisible();
    await page.getByTestId('login-password').fill('Wrong-Pass-1');
    await page.getByTestId('login-ok').click();
    await expect(page.getByTestId('auth-error')).toHaveText('登录名或密码不正确。');
    await app.screenshot('login-03-lock-wrong-password');
    await page.getByTestId('login-password').fill('Zhan-Zhang-2026');
    await page.getByTestId('login-ok').click();
    await expect(page.getByTestId('home-page')).toBeVisible();

    // Left idle past the lock time (10 minutes by default): the next click meets the lock screen, not the data.
    await page.getByTestId('nav').getByText('实有人口').click();
    await expect(page.getByTestId('people-page')).toBeVisible();
    app.idle(11);
    await page.getByTestId('nav').getByText('首页').click();
    await expect(page.getByTestId('lock-page')).toBeVisible();
    await expect(page.getByText('请输入「wangzz」的密码继续')).toBeVisible();
    await app.screenshot('login-08-idle-locked');
    await page.getByTestId('login-password').fill('Zhan-Zhang-2026');
    await page.getByTestId('login-ok').click();
    await expect(page.getByTestId('home-page')).toBeVisible();
    // The lock is in the audit log, named as the idle lock.
    const locks = await ok(call(app.ctx, 'audit.list', { filter: { action: 'lock' } }));
    expect(locks.items.some((e) => e.summary.includes('闲置 10 分钟后自动锁定'))).toBe(true);
  });
});

test.describe('a protected town', () => {
  test.use({ accounts: 'protected' });

  test('a file found damaged at login gets the damaged screen, whose restore of the newest backup needs no secret (the login unwrapped its key)', async ({ app }) => {
    const { page } = app;
    app.ctx.session!.login(PROTECTED_ADMIN.loginName, PROTECTED_ADMIN.password);
    const v = await ok(call(app.ctx, 'village.create', { code: '320121100201', name: '柳河村' }));
    const g = await ok(call(app.ctx, 'grid.create', { villageId: v.id, kind: '综合网格', name: '柳河一格', description: '' }));
    const h = await ok(call(app.ctx, 'household.create', { gridId: g.id, address: '柳河村1号', tags: [] }));
    for (let seq = 11; seq < 41; seq++) await ok(call(app.ctx, 'person.create', { idNumber: makeId('19800101', seq), name: `柳村${seq}`, householdId: h.id, relation: '02' }));
    const backup = await ok(call(app.ctx, 'backup.create', {}));
    app.ctx.session!.logout();
    // 16 bytes changed inside a data page while the app was closed: the cipher's per-page check fails at unlock.
    const townPath = join(app.dataDir, 'ledger.db');
    const bytes = readFileSync(townPath);
    expect(bytes.length).toBeGreaterThan(4096 * 6);
    Buffer.alloc(16, 0xa5).copy(bytes, 4096 * 4 + 300);
    writeFileSync(townPath, bytes);

    await app.open();
    await page.getByTestId('login-name').fill('admin');
    await page.getByTestId('login-password').fill(PROTECTED_ADMIN.password);
    await page.getByTestId('login-ok').click();
    await expect(page.getByTestId('damaged-page')).toBeVisible();
    await expect(page.getByTestId('damaged-newest-date')).toBeVisible();
    await app.screenshot('login-09-damaged-at-login');
    await page.getByTestId('damaged-restore-newest').click();
    await expect(page.getByTestId('damaged-restored')).toBeVisible();
    // The damaged bytes are kept beside, and the backup is what now sits at the town's path.
    const kept = readdirSync(app.dataDir).filter((n) => n.includes('恢复前') && n.endsWith('.db'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(app.dataDir, kept[0]!)).equals(bytes)).toBe(true);
    expect(readFileSync(townPath).equals(readFileSync(backup.file))).toBe(true);
    // As after the app's restart: the restored file opens with the same password.
    expect(app.ctx.session!.login(PROTECTED_ADMIN.loginName, PROTECTED_ADMIN.password).state).toBe('open');
    expect((await ok(call(app.ctx, 'person.search', { query: '柳村' }))).total).toBe(30);
  });

  test('用户管理 adds a 村级用户, who changes the first password and then finds only their village', async ({ app }) => {
    const { page } = app;
    // Two villages with one person each, made as the administrator before the page opens.
    app.ctx.session!.login(PROTECTED_ADMIN.loginName, PROTECTED_ADMIN.password);
    for (const [code, name, person, seq] of [['320121100201', '柳河村', '柳村甲', 11], ['320121100001', '东关社区', '东关乙', 13]] as const) {
      const v = await ok(call(app.ctx, 'village.create', { code, name }));
      const g = await ok(call(app.ctx, 'grid.create', { villageId: v.id, kind: '综合网格', name: `${name}一格`, description: '' }));
      const h = await ok(call(app.ctx, 'household.create', { gridId: g.id, address: `${name}1号`, tags: [] }));
      await ok(call(app.ctx, 'person.create', { idNumber: makeId('19800101', seq), name: person, householdId: h.id, relation: '02' }));
    }
    app.ctx.session!.logout();

    await app.open();
    await expect(page.getByTestId('login-page')).toBeVisible();
    await app.screenshot('login-04-login');
    await page.getByTestId('login-name').fill('admin');
    await page.getByTestId('login-password').fill(PROTECTED_ADMIN.password);
    await page.getByTestId('login-ok').click();
    await expect(page.getByTestId('home-page')).toBeVisible();

    await page.getByTestId('nav').getByText('用户管理').click();
    await expect(page.getByTestId('users-page')).toBeVisible();
    await page.getByTestId('user-add').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-login-name').fill('liuhe');
    await dialog.getByTestId('user-display-name').fill('柳河村干部');
    await dialog.getByText('村级用户').click();
    await dialog.getByTestId('user-villages').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '柳河村' }).click();
    await dialog.getByTestId('user-password').fill('Liu-He-Cun-2026');
    await app.screenshot('login-05-add-village-user');
    await page.getByTestId('user-ok').click();
    await expect(page.getByTestId('users-page').getByText('柳河村干部')).toBeVisible();
    await expect(page.getByText('待改初始密码')).toBeVisible();
    await app.screenshot('login-06-users');

    await page.getByTestId('menu-logout').click();
    await expect(page.getByTestId('login-page')).toBeVisible();
    await page.getByTestId('login-name').fill('liuhe');
    await page.getByTestId('login-password').fill('Liu-He-Cun-2026');
    await page.getByTestId('login-ok').click();
    await expect(page.getByTestId('change-password-page')).toBeVisible();
    await page.getByTestId('old-password').fill('Liu-He-Cun-2026');
    await page.getByTestId('new-password').fill('My-Own-Pass-77');
    await page.getByTestId('new-password-confirm').fill('My-Own-Pass-77');
    await app.screenshot('login-07-change-password');
    await page.getByTestId('change-password-ok').click();
    await expect(page.getByTestId('home-page')).toBeVisible();
    await expect(page.getByTestId('header-user-name')).toHaveText('柳河村干部（村级用户）');
    await expect(page.getByTestId('nav').getByText('用户管理')).toHaveCount(0);

    const box = page.getByTestId('header-search-input');
    await box.fill('东关乙');
    await expect(page.getByText('没有找到「东关乙」')).toBeVisible();
    await box.fill('柳村甲');
    await expect(page.getByTestId('search-resident').filter({ hasText: '柳村甲' })).toBeVisible();
    await app.screenshot('login-08-village-search');
  });
});
