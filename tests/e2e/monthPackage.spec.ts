// 月报: the month's package in one click through the UI — generate into a folder (the month freezes), the files and
// history shown, verify the folder (and see it fail once a byte changes), mark it sent, reopen it with a reason.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoTown } from '../../electron/core/demo/generate';
import { expect, test } from './fixtures';

test('generate, verify, mark sent and reopen the month from the 月报 page', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 768 });
  generateDemoTown(app.ctx, { residents: 3_000, seed: 5 });
  await app.open('package');
  await expect(page.getByTestId('package-page')).toContainText('2026年10月 综治月报');
  await expect(page.getByTestId('month-state').first()).toHaveText('未生成');
  await expect(page.getByTestId('package-headline')).toContainText('在册帮教对象');

  app.queuePick(app.dataDir);
  await page.getByTestId('package-generate').click();
  await expect(page.getByTestId('package-done')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('package-done')).toContainText('本月已冻结');
  await expect(page.getByTestId('month-state').first()).toHaveText('已生成（冻结）');
  await expect(page.getByTestId('package-files')).toContainText('manifest.json');
  await expect(page.getByTestId('package-history')).toContainText('已生成（冻结）');
  await app.screenshot('package-01-generated');

  const dir = join(app.dataDir, '青石镇_2026年10月_综治月报');
  app.queuePick(dir);
  await page.getByTestId('package-verify').click();
  await expect(page.getByTestId('verify-result')).toContainText('校验通过');
  await page.getByTestId('verify-close').click();

  const t1 = readFileSync(join(dir, 'T1-T5_统计表.pdf'));
  t1[100] = t1[100]! ^ 1;
  writeFileSync(join(dir, 'T1-T5_统计表.pdf'), t1);
  app.queuePick(dir);
  await page.getByTestId('package-verify').click();
  await expect(page.getByTestId('verify-result')).toContainText('校验未通过');
  await expect(page.getByRole('dialog')).toContainText('T1-T5_统计表.pdf');
  await page.getByTestId('verify-close').click();

  await page.getByTestId('package-sent').click();
  await page.getByTestId('sent-ok').click();
  await expect(page.getByTestId('month-state').first()).toHaveText('已报送');

  await page.getByTestId('package-reopen').click();
  await page.getByTestId('reopen-ok').click();
  await expect(page.getByTestId('reopen-dialog')).toContainText('请写明重新打开的原因');
  await page.getByTestId('reopen-dialog').locator('textarea').fill('县里退回：补报一人');
  await page.getByTestId('reopen-ok').click();
  await expect(page.getByTestId('month-state').first()).toHaveText('已重新打开');
  await expect(page.getByTestId('package-page')).toContainText('县里退回：补报一人');
  await app.screenshot('package-02-reopened');
});
