// What the UI specs share: a town seeded through the core, people with valid IDs, and the ways to fill antd
// forms (by label, with no fixed sleeps or click-retry loops).
import { expect, type Locator, type Page } from '@playwright/test';
import { call } from '../../electron/core/dispatch';
import { checkDigit } from '../../shared/rules/idNumber';
import { ok } from '../helpers/results';
import type { AppFixture } from './fixtures';

/** A valid ID: region + birth date + sequence (odd = male) + check digit. */
export function makeId(birth: string, seq: number, region = '320121'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

export interface Town {
  villageId: number;
  gridId: number;
  staffId: number;
}

let defaultGrid: number | null = null;

/** 城关镇 with 东关村 (one grid) and 西街社区 (one grid), and a 专职网格员 for each grid. */
export async function seedTown(app: AppFixture): Promise<Town> {
  await ok(call(app.ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  const v = await ok(call(app.ctx, 'village.create', { code: '320121100201', name: '东关村', type: '村' }));
  const g = await ok(call(app.ctx, 'grid.create', { villageId: v.id, kind: '综合网格', name: '第一网格', description: '' }));
  const v2 = await ok(call(app.ctx, 'village.create', { code: '320121100001', name: '西街社区', type: '社区' }));
  const g2 = await ok(call(app.ctx, 'grid.create', { villageId: v2.id, kind: '综合网格', name: '西街一网格', description: '' }));
  const s = await ok(call(app.ctx, 'staff.create', { name: '王芳', role: '02', gridIds: [g.id], phone: '13900000001' }));
  await ok(call(app.ctx, 'staff.create', { name: '陈刚', role: '02', gridIds: [g2.id], phone: '13900000002' }));
  defaultGrid = g.id;
  return { villageId: v.id, gridId: g.id, staffId: s.id };
}

export async function person(app: AppFixture, name: string, birth: string, seq: number, extra: Record<string, unknown> = {}) {
  return ok(call(app.ctx, 'person.create', { idNumber: makeId(birth, seq), name, phone: '1380000' + String(seq).padStart(4, '0'), currentAddress: '东关村' + seq + '号', gridId: defaultGrid, ...extra }));
}

/** A form control by its label; optional fields carry a "（可选）" mark in their accessible name. */
export function field(scope: Locator | Page, label: string): Locator {
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${esc}(\\s*（可选）)?$`));
}

export async function fillDate(scope: Locator | Page, label: string, value: string) {
  const input = field(scope, label);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/**
 * Picks the option with this text in an antd Select. A searchable select narrows to what is typed and
 * its first match becomes the active option, which Enter takes (no click on a list that may still be
 * re-rendering); a plain select ignores the typing, and its option is clicked.
 */
export async function choose(page: Page, found: Locator, option: string) {
  // A combobox's accessible name changes once it holds a value, so hold on to it by its id.
  const id = await found.getAttribute('id');
  const select = id ? page.locator(`[id="${id}"]`) : found;
  const root = page.locator('.ant-select').filter({ has: select }).last();
  // This select's own list (rc-select names it after the input), not another one still fading out.
  const dropdown = id ? page.locator('.ant-select-dropdown:visible').filter({ has: page.locator(`[id="${id}_list"]`) }) : page.locator('.ant-select-dropdown:visible');
  const item = dropdown.locator('.ant-select-item-option').filter({ hasText: option }).first();
  // A dialog that is still zooming in takes the focus when its animation ends, which closes a list opened
  // during it; so wait for dialogs to settle, and open the list again if it closed under us anyway.
  for (let attempt = 1; ; attempt++) {
    await dialogsSettled(page);
    await select.click();
    await page.keyboard.type(option);
    try {
      await expect(item).toBeVisible({ timeout: 5_000 });
      if ((await select.inputValue()) !== '') {
        await expect(dropdown.locator('.ant-select-item-option-active')).toContainText(option, { timeout: 5_000 });
        await page.keyboard.press('Enter');
      } else {
        await item.click({ timeout: 5_000 });
      }
      await expect(dropdown).toHaveCount(0);
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      // Close a list left open by clicking its select again (Escape could close the dialog itself).
      if ((await dropdown.count()) > 0) await select.click();
      await expect(dropdown).toHaveCount(0);
    }
  }
  await expect(root.locator('.ant-select-content, .ant-select-selection-item').first()).toContainText(option);
}

/** Waits until no antd dialog is in its opening or closing animation. */
export async function dialogsSettled(page: Page) {
  await page.waitForFunction(() => document.querySelector('.ant-zoom-appear, .ant-zoom-enter, .ant-zoom-leave') === null);
}

/**
 * Picks a radio option inside a dialog by its text and checks it took: a click that lands while the dialog is still
 * zooming in can be lost, so it waits for the animation and tries again (up to 3 times).
 */
export async function chooseRadio(page: Page, scope: Locator, option: string) {
  const radio = scope.getByRole('radio', { name: option, exact: true });
  for (let attempt = 1; ; attempt++) {
    await dialogsSettled(page);
    await scope.getByText(option, { exact: true }).click();
    try {
      await expect(radio).toBeChecked({ timeout: 2_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** Types a name into an autocomplete (经办人) and leaves it, so no suggestion list is left open over the buttons. */
export async function typeAndLeave(page: Page, input: Locator, text: string) {
  await input.fill(text);
  await input.press('Tab');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await expect(input).toHaveValue(text);
}

/** Opens an antd Select found by its label inside `scope` and picks the option with this text. */
export async function pick(page: Page, scope: Locator | Page, label: string, option: string) {
  await choose(page, field(scope, label), option);
}

/** Types into a search select (resident / household picker) and picks the first match. */
export async function search(page: Page, scope: Locator | Page, label: string, text: string) {
  const input = field(scope, label);
  await input.click();
  await input.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

export function dueRow(page: Page, kind: string, name: string) {
  return page.getByTestId('due-table').locator('tbody tr.ant-table-row').filter({ hasText: kind }).filter({ hasText: name });
}

/** The today list's date. */
export async function setDueDate(page: Page, value: string) {
  const input = page.locator('#due-date');
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** Waits until the page is still (no toasts, no loading tables), scrolls to the top and takes the screenshot. */
export async function shot(app: AppFixture, name: string) {
  const { page } = app;
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await expect(page.locator('.ant-spin-blur, .ant-spin-spinning')).toHaveCount(0);
  await expect(page.locator('.ant-modal-mask')).toHaveCount(0);
  await expect(page.locator('.ant-table-loading, .ant-skeleton')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await app.screenshot(name);
}
