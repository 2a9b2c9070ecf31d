// 一人一卡 archive cards with photos and the 低保公示表 (issue 9 item 6): photos checked, bounded and shrunk before they
// are stored; cards one page per person with the names, the next due date, the photo embedded and the fonts as subsets
// (poppler's pdfinfo / pdftotext / pdffonts / pdfimages); the posting with masked IDs; bad input; village scope; the CLI.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, ftruncateSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { shrinkToFit } from '../../electron/core/people/photo';
import { defaultPostingPeriod } from '../../electron/core/reports/posting';
import { maskIdNumber } from '../../shared/rules/idNumber';
import { cli } from '../helpers/cli';
import { fails, followUp, help, makeTown, ok, patientEntry, releasedPerson, review, type TestTown } from '../helpers/recordsTown';
import { makeScopeTown } from '../helpers/scopeTown';
import { openTempLedger } from '../helpers/tempLedger';

const PNG_DIR = process.env.REPORTS_PNG_DIR;
const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
const pageText = (pdf: string, page: number) => execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
const allText = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

/** A w×h RGBA gradient (so a resize that mixes up rows or channels shows). */
function gradient(w: number, h: number): Buffer {
  const data = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const p = (y * w + x) * 4;
    data[p] = Math.round((x / w) * 255); data[p + 1] = Math.round((y / h) * 255); data[p + 2] = 128; data[p + 3] = 255;
  }
  return data;
}

let town: TestTown;
let dir: string;
let zhang: number; let zhangEntry: number;
let liu: number; let patientId: number;
let head: number; let lowIncomeId: number;
let jpegPath: string; let pngPath: string;

beforeAll(async () => {
  town = await makeTown('2026-11-23');
  dir = town.t.dir;
  const ctx = town.t.ctx;
  zhang = town.resident('张卫东', { birth: '1975-02-03' });
  zhangEntry = await releasedPerson(town, zhang, { release: '2026-03-01', report: '2026-03-05' });
  await ok(call(ctx, 'released.team', { id: zhangEntry, members: [{ staffId: town.staff.wang, name: '王芳', phone: '13900000001', role: '03' }, { name: '赵组长', phone: '13700000000', role: '01' }] }));
  await ok(call(ctx, 'record.add', help(zhangEntry, '2026-10-08', { content: '了解就业意向，介绍到镇上工厂面试' })));
  await ok(call(ctx, 'record.add', help(zhangEntry, '2026-11-02', { content: '已在工厂上班，情绪稳定' })));
  liu = town.resident('刘小梅', { birth: '1988-07-07' });
  patientId = await patientEntry(town, liu, { registered: '2026-01-10', risk: 2 });
  const hh = town.household('LH001', town.grids.willow);
  head = town.resident('陈建国', { householdId: hh, relation: '02', birth: '1960-01-01' });
  const member = town.resident('陈小花', { householdId: hh, relation: '30', birth: '2010-01-01' });
  lowIncomeId = (await ok(call(ctx, 'lowIncome.register', { householdId: hh, memberIds: [head, member], confirmedOn: '2026-03-20', certificateNumber: '柳保001', area: '农村', class: 'A', monthlyAmount: 612.5 }))).id;
  await ok(call(ctx, 'record.add', review(lowIncomeId, '2026-09-01', '不变')));
  jpegPath = join(dir, 'photo.jpg');
  writeFileSync(jpegPath, jpeg.encode({ width: 1200, height: 1600, data: gradient(1200, 1600) }, 90).data);
  pngPath = join(dir, 'photo.png');
  writeFileSync(pngPath, PNG.sync.write(Object.assign(new PNG({ width: 300, height: 400 }), { data: gradient(300, 400) })));
});
afterAll(() => town.t.close());

describe('person.photo', () => {
  it('shrinks a JPEG to at most 600 px on its long side and stores it as JPEG; replace and remove', async () => {
    const ctx = town.t.ctx;
    const set = await ok(call(ctx, 'person.photo.set', { residentId: zhang, path: jpegPath }));
    expect(set).toMatchObject({ residentId: zhang, mime: 'image/jpeg', width: 450, height: 600 });
    const got = (await ok(call(ctx, 'person.photo.get', { residentId: zhang })))!;
    const decoded = jpeg.decode(Buffer.from(got.base64, 'base64'));
    expect([decoded.width, decoded.height]).toEqual([450, 600]);
    expect(got.bytes).toBe(Buffer.from(got.base64, 'base64').length);
    // The gradient survives: left edge dark red, right edge bright red, top green low, bottom green high.
    const at = (x: number, y: number) => decoded.data[(y * 450 + x) * 4]!;
    expect(at(2, 300)).toBeLessThan(20);
    expect(at(447, 300)).toBeGreaterThan(235);
    // A PNG (already small) replaces it, kept at its own size.
    const replaced = await ok(call(ctx, 'person.photo.set', { residentId: zhang, path: pngPath }));
    expect([replaced.width, replaced.height]).toEqual([300, 400]);
    expect(town.count('resident_photo')).toBe(1);
    expect(await ok(call(ctx, 'person.photo.remove', { residentId: zhang }))).toEqual({ removed: true });
    expect(await ok(call(ctx, 'person.photo.get', { residentId: zhang }))).toBeNull();
    expect(await ok(call(ctx, 'person.photo.remove', { residentId: zhang }))).toEqual({ removed: false });
    await ok(call(ctx, 'person.photo.set', { residentId: zhang, path: jpegPath }));
  });

  it('box-filter resize averages the pixels each new pixel covers', () => {
    // 4×2 → 2×1: each output pixel is the mean of a 2×2 block.
    const data = new Uint8Array([0, 0, 0, 255, 100, 0, 0, 255, 200, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 255, 100, 0, 0, 255, 200, 0, 0, 255, 255, 0, 0, 255]);
    const out = shrinkToFit({ width: 4, height: 2, data }, 2);
    expect([out.width, out.height]).toEqual([2, 1]);
    expect([out.data[0], out.data[4]]).toEqual([50, 228]);
  });

  it('refuses a file that is not an image, a corrupt one, a huge file and a huge picture, before decoding; nothing stored', async () => {
    const ctx = town.t.ctx;
    const before = town.count('resident_photo');
    const text = join(dir, 'notes.jpg');
    writeFileSync(text, '这不是照片');
    expect((await fails(call(ctx, 'person.photo.set', { residentId: liu, path: text }))).message).toContain('不是照片');
    const corrupt = join(dir, 'broken.jpg');
    writeFileSync(corrupt, Buffer.concat([readFileSync(jpegPath).subarray(0, 400)]));
    expect((await fails(call(ctx, 'person.photo.set', { residentId: liu, path: corrupt }))).message).toMatch(/损坏/);
    // 21 MB (sparse): refused by its size alone.
    const big = join(dir, 'big.jpg');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 21 * 1024 * 1024);
    closeSync(fd);
    expect((await fails(call(ctx, 'person.photo.set', { residentId: liu, path: big }))).message).toContain('过大');
    // A PNG whose header says 10000×5000 (50 MP): refused from the header, the pixels never decoded.
    const header = PNG.sync.write(Object.assign(new PNG({ width: 1, height: 1 }), { data: Buffer.from([0, 0, 0, 255]) }));
    header.writeUInt32BE(10000, 16);
    header.writeUInt32BE(5000, 20);
    const huge = join(dir, 'huge.png');
    writeFileSync(huge, header);
    expect((await fails(call(ctx, 'person.photo.set', { residentId: liu, path: huge }))).message).toContain('像素过多');
    expect((await fails(call(ctx, 'person.photo.set', { residentId: liu, path: join(dir, 'missing.png') }))).message).toContain('找不到');
    expect((await fails(call(ctx, 'person.photo.set', { residentId: 99999, path: jpegPath }))).code).toMatch(/NOT_FOUND/);
    expect(town.count('resident_photo')).toBe(before);
  });
});

describe('report.card', () => {
  it('one card: one page with the name, the group items, the team, the records, the next due date and the photo', async () => {
    const path = join(dir, 'zhang.pdf');
    const r = await ok(call(town.t.ctx, 'report.card', { residentId: zhang, path }));
    expect(r).toEqual({ path, pages: 1, names: ['张卫东'] });
    expect(pages(path)).toBe(1);
    const text = allText(path);
    for (const s of ['城关镇刑满释放人员档案卡', '张卫东', '东关社区', '东关一网格', '帮教小组', '赵组长', '王芳', '已在工厂上班', '下次到期']) expect(text).toContain(s);
    // The help item is due on the last 帮教记录 + the class's cycle.
    const detail = await ok(call(town.t.ctx, 'released.get', { id: zhangEntry }));
    expect(text).toContain(detail.nextDue!.dueDate);
    const images = execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
    expect(images.length).toBe(1);
    expect(images[0]).toMatch(/\s450\s+600\s/);
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').filter((l) => /Noto/.test(l));
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+\S+.*\byes\s+yes\b/);
    // Same data, same day: the same bytes.
    const again = join(dir, 'zhang-again.pdf');
    await ok(call(town.t.ctx, 'report.card', { entryId: zhangEntry, group: 'released', path: again }));
    expect(readFileSync(again).equals(readFileSync(path))).toBe(true);
    if (PNG_DIR) {
      mkdirSync(PNG_DIR, { recursive: true });
      execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', path, join(PNG_DIR, 'card-released')]);
    }
  });

  it('a whole group, a village, and a person on a ledger without photo: one page each, empty photo box', async () => {
    const other = town.resident('孙立', { gridId: town.grids.willow, birth: '1970-09-09' });
    await releasedPerson(town, other, { release: '2026-05-01' });
    const all = join(dir, 'released-all.pdf');
    const r = await ok(call(town.t.ctx, 'report.card', { group: 'released', path: all }));
    expect(r.pages).toBe(2);
    expect(pages(all)).toBe(2);
    expect(pageText(all, 1)).toContain('张卫东');
    expect(pageText(all, 2)).toContain('孙立');
    expect(pageText(all, 2)).toContain('照片');
    const willow = join(dir, 'released-willow.pdf');
    expect((await ok(call(town.t.ctx, 'report.card', { group: 'released', village: '320121100201', path: willow }))).names).toEqual(['孙立']);
    const patient = join(dir, 'patient.pdf');
    await ok(call(town.t.ctx, 'report.card', { entryId: patientId, group: 'patient', path: patient }));
    expect(allText(patient)).toMatch(/监护人[\s\S]*关爱帮扶小组/);
    const low = join(dir, 'low.pdf');
    await ok(call(town.t.ctx, 'report.card', { group: 'lowIncome', path: low }));
    const lowText = allText(low);
    for (const s of ['最低生活保障对象档案卡', '陈建国', '陈小花', '柳保001', '612.50', '复核记录']) expect(lowText).toContain(s);
    if (PNG_DIR) {
      execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', patient, join(PNG_DIR, 'card-patient')]);
      execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', low, join(PNG_DIR, 'card-lowIncome')]);
    }
  });

  it('a card stays on one page however full its ledger is (many records, long texts, a large team)', async () => {
    const ctx = town.t.ctx;
    const busy = town.resident('钱多事', { birth: '1972-04-04' });
    const entry = await releasedPerson(town, busy, { release: '2025-01-01', report: '2025-01-05' });
    const members = Array.from({ length: 9 }, (_, i) => ({ name: `成员${i + 1}`, phone: '13700000000', role: '08' }));
    await ok(call(ctx, 'released.team', { id: entry, members }));
    for (let i = 0; i < 12; i++) {
      const day = String(i + 1).padStart(2, '0');
      await ok(call(ctx, 'record.add', help(entry, `2026-${String(Math.min(i + 1, 11)).padStart(2, '0')}-${day}`, { content: `第${i + 1}次帮教：${'谈心谈话、了解家庭和就业情况，'.repeat(12)}` })));
    }
    const path = join(dir, 'busy.pdf');
    await ok(call(ctx, 'report.card', { entryId: entry, group: 'released', path }));
    expect(pages(path)).toBe(1);
    const text = allText(path);
    expect(text).toContain('第12次帮教');
    expect(text).not.toContain('第7次帮教');
    expect(text).toContain('另有 5 人');
    if (PNG_DIR) execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', path, join(PNG_DIR, 'card-busy')]);
    await ok(call(ctx, 'released.void', { id: entry, reason: '测试数据' }));
    // A patient: the 监护人 table as well as the 关爱帮扶小组.
    const ill = town.resident('吴忙忙', { birth: '1985-05-05' });
    const pid = await patientEntry(town, ill, { registered: '2025-01-10', risk: 1 });
    await ok(call(ctx, 'patient.team', { id: pid, members: members.map((m) => ({ ...m, role: '01' })) }));
    for (let i = 0; i < 8; i++) {
      await ok(call(ctx, 'record.add', followUp(pid, `2026-${String(i + 3).padStart(2, '0')}-10`, { content: `随访${i + 1}：${'服药规律，情绪平稳，家属配合看护，'.repeat(10)}`, risk: 1, followUpClass: '2' })));
    }
    const patientPath = join(dir, 'busy-patient.pdf');
    await ok(call(ctx, 'report.card', { entryId: pid, group: 'patient', path: patientPath }));
    expect(pages(patientPath)).toBe(1);
    if (PNG_DIR) execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', patientPath, join(PNG_DIR, 'card-busy-patient')]);
    await ok(call(ctx, 'patient.void', { id: pid, reason: '测试数据' }));
  });

  it('refuses a group with nobody, an unknown person, a person on no ledger, bad combinations; writes nothing', async () => {
    const ctx = town.t.ctx;
    const path = join(dir, 'nobody.pdf');
    expect((await fails(call(ctx, 'report.card', { group: 'patient', village: '320121100202', path }))).message).toContain('石桥村没有在册的严重精神障碍患者');
    expect((await fails(call(ctx, 'report.card', { residentId: 99999, path }))).code).toBe('NOT_FOUND');
    const plain = town.resident('普通人');
    expect((await fails(call(ctx, 'report.card', { residentId: plain, path }))).message).toContain('「普通人」不在任何重点人群台账中');
    expect((await fails(call(ctx, 'report.card', { entryId: 99999, group: 'released', path }))).code).toBe('NOT_FOUND');
    expect((await fails(call(ctx, 'report.card', { entryId: zhangEntry, path }))).message).toContain('重点人群');
    expect((await fails(call(ctx, 'report.card', { path }))).message).toContain('请指明');
    expect((await fails(call(ctx, 'report.card', { group: 'released', village: '999999999999', path }))).message).toContain('找不到村（社区）代码');
    expect((await fails(call(ctx, 'report.card', { group: 'nobody', path } as never))).message).toContain('重点人群应为');
    expect(existsSync(path)).toBe(false);
  });

  it('cancelled: no file', async () => {
    const controller = new AbortController();
    controller.abort();
    const path = join(dir, 'cancelled.pdf');
    const r = await call({ ...town.t.ctx, signal: controller.signal }, 'report.card', { group: 'released', path });
    expect(r.ok ? 'ok' : r.error.code).toBe('CANCELLED');
    expect(existsSync(path)).toBe(false);
  });
});

describe('report.posting', () => {
  it('the month’s first working week by default', () => {
    expect(defaultPostingPeriod('2026-11')).toEqual({ from: '2026-11-02', to: '2026-11-08' });
    expect(defaultPostingPeriod('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-07' });
  });

  it('lists the households 在保 with masked IDs, 保障人数 and amounts, one page per village', async () => {
    const ctx = town.t.ctx;
    const path = join(dir, 'posting.pdf');
    const r = await ok(call(ctx, 'report.posting', { month: '2026-11', path }));
    expect(r).toEqual({ path, households: 1, villages: 1, from: '2026-11-02', to: '2026-11-08' });
    const text = allText(path);
    const id = (await ok(call(ctx, 'person.get', { id: head }))).idNumber;
    for (const s of ['城关镇柳河村最低生活保障对象公示表', '陈建国', maskIdNumber(id), '612.50', '公示期：2026年11月2日至2026年11月8日', '保障期：2026年11月']) expect(text).toContain(s);
    expect(text).not.toContain(id);
    expect(maskIdNumber(id)).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    // Before the household was confirmed: no one to post, one page that says so.
    const early = join(dir, 'posting-early.pdf');
    const e = await ok(call(ctx, 'report.posting', { month: '2026-02', from: '2026-02-10', path: early }));
    expect(e).toMatchObject({ households: 0, from: '2026-02-10', to: '2026-02-16' });
    expect(allText(early)).toContain('本月没有在保的低保户');
    if (PNG_DIR) execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', path, join(PNG_DIR, 'posting')]);
    expect((await fails(call(ctx, 'report.posting', { month: '2027-01', path: join(dir, 'future.pdf') }))).message).toMatch(/月/);
    expect((await fails(call(ctx, 'report.posting', { month: '2026-11', from: '2026-11-10', to: '2026-11-01', path: join(dir, 'bad.pdf') }))).message).toContain('不能早于');
    expect((await fails(call(ctx, 'report.posting', { month: '2026-13', path: join(dir, 'bad.pdf') }))).message).toContain('YYYY-MM');
    expect(existsSync(join(dir, 'bad.pdf'))).toBe(false);
  });
});

describe('village scope', () => {
  it('a caller of village A prints no card, photo or posting of village B', async () => {
    const t = openTempLedger();
    try {
      const x = await makeScopeTown(t.ctx);
      const scoped: ServiceContext = { ...t.ctx, caller: { ...LOCAL_USER, userId: 'a', villageScope: [x.a.code] } };
      await ok(call(t.ctx, 'person.photo.set', { residentId: x.b.headId, path: jpegPath }));
      expect(await ok(call(scoped, 'person.photo.get', { residentId: x.b.headId }))).toBeNull();
      expect((await fails(call(scoped, 'person.photo.remove', { residentId: x.b.headId }))).code).toMatch(/FORBIDDEN|NOT_FOUND/);
      expect((await fails(call(scoped, 'person.photo.set', { residentId: x.b.headId, path: pngPath }))).code).toMatch(/FORBIDDEN|NOT_FOUND/);
      const out = join(t.dir, 'b.pdf');
      expect((await fails(call(scoped, 'report.card', { residentId: x.b.headId, path: out }))).code).toBe('NOT_FOUND');
      expect((await fails(call(scoped, 'report.card', { entryId: x.b.releasedId, group: 'released', path: out }))).code).toBe('NOT_FOUND');
      expect((await fails(call(scoped, 'report.card', { group: 'patient', village: x.b.code, path: out }))).message).toContain('找不到村（社区）代码');
      expect(existsSync(out)).toBe(false);
      const markers = [...x.b.markers, ...x.loneMarkers];
      for (const group of ['released', 'patient', 'lowIncome'] as const) {
        const mine = join(t.dir, `${group}.pdf`);
        await ok(call(scoped, 'report.card', { group, path: mine }));
        const text = allText(mine);
        expect(text).toContain('柳');
        for (const m of markers) expect(text).not.toContain(m);
      }
      const posting = join(t.dir, 'posting.pdf');
      await ok(call(scoped, 'report.posting', { month: '2026-11', path: posting }));
      const text = allText(posting);
      expect(text).toContain('柳户主');
      for (const m of markers) expect(text).not.toContain(m);
    } finally {
      t.close();
    }
  });
});

describe('CLI', () => {
  it('report card by ID number or resident number, by group and village; report posting; bad arguments', async () => {
    const id = (await ok(call(town.t.ctx, 'person.get', { id: zhang }))).idNumber;
    const out = join(dir, 'cli-card.pdf');
    const r = await cli('report', 'card', '--db', town.t.path, '--person', id, '--out', out, '--today', '2026-11-23', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ pages: 1, names: ['张卫东'] });
    expect(pages(out)).toBe(1);
    const byNumber = await cli('report', 'card', '--db', town.t.path, '--person', String(zhang), '--out', join(dir, 'cli-card2.pdf'), '--today', '2026-11-23');
    expect(byNumber.code, byNumber.stderr).toBe(0);
    expect(byNumber.stdout).toContain('已生成档案卡 1 张');
    const posting = await cli('report', 'posting', '--db', town.t.path, '--month', '2026-11', '--out', join(dir, 'cli-posting.pdf'), '--today', '2026-11-23');
    expect(posting.code, posting.stderr).toBe(0);
    expect(posting.stdout).toContain('1 户');
    expect((await cli('report', 'card', '--db', town.t.path, '--out', join(dir, 'x.pdf'))).stderr).toContain('--person');
    expect((await cli('report', 'card', '--db', town.t.path, '--group', 'released', '--out', join(dir, 'x.xlsx'))).stderr).toContain('.pdf');
    const unknown = await cli('report', 'card', '--db', town.t.path, '--person', '110105194912310021', '--out', join(dir, 'x.pdf'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/找不到|身份/);
    expect((await cli('report', 'nothing', '--db', town.t.path)).code).toBe(2);
    expect((await cli('report', 'table', 'T9', '--db', town.t.path, '--month', '2026-10', '--out', join(dir, 'T9.xlsx'))).stderr).toContain('T1、T2、T3、T4、T5 或 T6');
    if (PNG_DIR) copyFileSync(out, join(PNG_DIR, 'card-cli.pdf'));
  });
});
