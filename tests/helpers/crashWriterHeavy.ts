// The heavy part of crashWriter.ts, bundled apart so the records writer starts without loading every domain:
// a residents import and the month's package, both through dispatch as the app runs them.
import type { ServiceContext } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';

export async function heavy(ctx: ServiceContext, xlsx: string, pkgDir: string, say: (line: string) => void): Promise<void> {
  const imported = await dispatch(ctx, 'import.residents.run', { path: xlsx, skipInvalid: false });
  say(imported.ok ? `I ${xlsx}` : `E import ${imported.error.code} ${imported.error.message}`);
  const packaged = await dispatch(ctx, 'month.package', { month: '2026-11', dir: pkgDir, zip: false });
  say(packaged.ok ? 'M 2026-11' : `E package ${packaged.error.code} ${packaged.error.message}`);
}
