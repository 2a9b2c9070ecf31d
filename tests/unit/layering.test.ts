// The lint rule that keeps electron/core and shared free of Electron and DOM, and the renderer
// away from core and Node: checked on snippets placed (virtually) in each folder.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function messages(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('layering lint rule', () => {
  it('reports electron imported from electron/core', async () => {
    const m = await messages('electron/core/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(m.join('\n')).toContain('bad layering');
  });

  it('reports Node APIs, electron and DOM globals in shared', async () => {
    expect((await messages('shared/rules/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).join()).toContain('bad layering');
    expect((await messages('shared/rules/y.ts', 'export const a = document.title;\n')).join()).toContain('bad layering');
  });

  it('reports the renderer importing core or node modules', async () => {
    const m = await messages('renderer/src/x.ts', "import { openLedger } from '../../electron/core/db/open';\nexport const a = openLedger;\n");
    expect(m.join()).toContain('bad layering');
    const n = await messages('renderer/src/y.ts', "import { join } from 'node:path';\nexport const a = join;\n");
    expect(n.join()).toContain('bad layering');
  });

  it('reports electron imported from the main process\'s pure policy file', async () => {
    const m = await messages('electron/main/policy.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(m.join()).toContain('bad layering');
  });

  it('allows what each layer may use', async () => {
    expect(await messages('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await messages('renderer/src/z.ts', "import type { LedgerApi } from '../../electron/preload';\nexport type A = LedgerApi;\n")).toEqual([]);
    expect(await messages('electron/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual([]);
  });
});
