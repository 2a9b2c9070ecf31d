// Two programs saving into the same database at once (a second window, an IT script): hundreds of
// interleaved saves, none lost. Each write channel runs in an immediate transaction with a busy
// timeout, so a writer waits for the other instead of failing when its read turns into a write.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoVillageTown } from '../helpers/results';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

const SAVES = 300;
const root = join(import.meta.dirname, '..', '..');

let t: TempLedger;
let gridId: number;
beforeAll(async () => {
  t = openTempLedger();
  gridId = (await twoVillageTown(t.ctx)).gridId;
});
afterAll(() => t.close());

function writer(tag: string): Promise<{ saved: number; refused: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/writerProcess.ts'), t.path, String(gridId), tag, String(SAVES)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`writer ${tag} exited ${code}: ${err}`))));
  });
}

describe('two processes writing at once', () => {
  it(`${SAVES} saves each, interleaved: none lost, none refused`, async () => {
    const [a, b] = await Promise.all([writer('甲'), writer('乙')]);
    expect(a.refused).toEqual([]);
    expect(b.refused).toEqual([]);
    expect(a.saved + b.saved).toBe(2 * SAVES);
    const db = t.ctx.ledger.sqlite;
    expect(db.prepare("select count(*) from household where address like '甲-%'").pluck().get()).toBe(SAVES);
    expect(db.prepare("select count(*) from household where address like '乙-%'").pluck().get()).toBe(SAVES);
    // Every household got its own number and its tag.
    expect(db.prepare('select count(distinct number) from household').pluck().get()).toBe(2 * SAVES);
    expect(db.prepare("select count(*) from household_tag where tag = '04'").pluck().get()).toBe(2 * SAVES);
  });
});
