// 责任书 and 协议书: templates (unknown fields refused, 恢复默认), letters as PDF on the GB/T 9704 page (size and
// margins from pdfinfo / pdftotext -bbox, 28 characters a line, 22 lines a page, fonts embedded as subsets) and as
// .docx (read back with jszip), batches, determinism, the PDF font setting and the CLI.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { LOCAL_USER } from '../../electron/core/context';
import { fontsDir } from '../../electron/core/pdf/fonts';
import { DEFAULT_LETTER_TEMPLATES } from '../../shared/letters/templates';
import { cli } from '../helpers/cli';
import { fails, makeTown, ok, releasedPerson, type TestTown } from '../helpers/recordsTown';

let town: TestTown;
let zhang: number;
let zhao: number;
let patientWith: number;
let patientWithout: number;
const out = (name: string) => join(town.t.dir, name);
const MM = 72 / 25.4;

interface Word {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

function words(pdf: string, page?: number): Word[] {
  const args = ['-bbox', ...(page ? ['-f', String(page), '-l', String(page)] : []), pdf, '-'];
  const html = execFileSync('pdftotext', args, { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5]!,
  }));
}
const text = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
const pdfinfo = (pdf: string) => execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
const pdffonts = (pdf: string) =>
  execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name … emb sub uni object ID: the three yes/no columns sit before the last two.
      return { name: cols[0]!, emb: cols.at(-5)!, sub: cols.at(-4)! };
    });

beforeAll(async () => {
  town = await makeTown('2026-11-23');
  const ctx = town.t.ctx;
  zhang = await releasedPerson(town, town.resident('张明', { gridId: town.grids.willow }), { release: '2026-06-01', report: '2026-06-05' });
  zhao = await releasedPerson(town, town.resident('赵亮', { gridId: town.grids.east }), { release: '2026-08-01' });
  await ok(call(ctx, 'released.team', { id: zhang, members: [{ name: '李司法', role: '组长', phone: '025-12345678' }, { name: '王网格', role: '网格员' }] }));
  const p1 = town.resident('钱病', { gridId: town.grids.willow });
  patientWith = (await ok(call(ctx, 'patient.register', { residentId: p1, registeredOn: '2026-05-01', diagnosis: '01', risk: 3, treatment: '02', guardianName: '钱监护', guardianPhone: '13800000009' }))).id;
  const p2 = town.resident('孙病', { gridId: town.grids.east });
  patientWithout = (await ok(call(ctx, 'patient.register', { residentId: p2, registeredOn: '2026-05-01', diagnosis: '01', risk: 1, treatment: '02' }))).id;
});
afterAll(() => town.t.close());

describe('letter templates', () => {
  it('lists the four kinds with their default text and fields', async () => {
    const list = await ok(call(town.t.ctx, 'letter.templates', {}));
    expect(list.map((t) => [t.kind, t.label, t.edited])).toEqual([
      ['grid', '网格化服务管理责任书', false],
      ['released', '安置帮教协议书', false],
      ['guardian', '监护人看护管理责任书', false],
      ['frontage', '门前三包责任书', false],
    ]);
    expect(list[0]!.body).toBe(DEFAULT_LETTER_TEMPLATES.grid.body);
    expect(list[0]!.fields.map((f) => f.name)).toContain('网格列表');
    expect(list[1]!.fields.map((f) => f.name)).toContain('帮教小组');
  });

  it('refuses a field the kind does not know, naming it and its line, and saves nothing', async () => {
    const e = await fails(call(town.t.ctx, 'letter.template.save', { kind: 'released', title: '协议书', body: '甲方：{甲方}\n一、乙方{网格列表}和{xyz}' }));
    expect(e.message).toContain('正文第2行的字段「{网格列表}」');
    expect(e.message).toContain('「{xyz}」');
    const inTitle = await fails(call(town.t.ctx, 'letter.template.save', { kind: 'grid', title: '{标题}责任书', body: '正文' }));
    expect(inTitle.message).toContain('标题的字段「{标题}」');
    const brace = await fails(call(town.t.ctx, 'letter.template.save', { kind: 'grid', title: '责任书', body: '甲方：{甲方\n' }));
    expect(brace.message).toContain('正文第1行的花括号不成对');
    const empty = await fails(call(town.t.ctx, 'letter.template.save', { kind: 'grid', title: ' ', body: '正文' }));
    expect(empty.message).toContain('请填写标题');
    expect(town.count('letter_template')).toBe(0);
  });

  it('saves an edit that letters then use, and 恢复默认 drops it', async () => {
    const ctx = town.t.ctx;
    const saved = await ok(call(ctx, 'letter.template.save', { kind: 'frontage', title: '{镇名}门前三包责任书', body: '甲方：{甲方}\n乙方：{乙方}\n一、{商户名称}负责门前卫生，负责人{负责人}。' }));
    expect(saved).toMatchObject({ edited: true, title: '{镇名}门前三包责任书' });
    const path = out('frontage-edited.pdf');
    await ok(call(ctx, 'letter.write', { kind: 'frontage', parties: [{ name: '好运超市', address: '城关街8号', person: '周老板', villageId: town.villages.willow }], format: 'pdf', path }));
    const t = text(path);
    expect(t).toContain('城关镇门前三包责任书');
    expect(t).toContain('一、好运超市负责门前卫生，负责人周老板。');
    expect(t).toContain('柳河村村民委员会');
    const reset = await ok(call(ctx, 'letter.template.reset', { kind: 'frontage' }));
    expect(reset).toMatchObject({ edited: false, title: '门前三包责任书', body: DEFAULT_LETTER_TEMPLATES.frontage.body });
    expect(town.count('letter_template')).toBe(0);
  });
});

describe('letters as PDF', () => {
  it('puts a grid letter on the GB/T 9704 page with its fields filled and the fonts embedded as subsets', async () => {
    const path = out('grid-willow.pdf');
    const r = await ok(call(town.t.ctx, 'letter.write', { kind: 'grid', ids: [town.villages.willow], format: 'pdf', path }));
    // 22 lines of 28 characters: the default text runs onto a second page.
    expect(r).toMatchObject({ letters: 1, pages: 2 });
    const info = pdfinfo(path);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+2/);
    const t = text(path);
    for (const s of ['网格化服务管理责任书', '甲方：城关镇人民政府', '乙方：柳河村村民委员会', '划分网格1个', '柳河一网格（320121100201001，综合网格）：专职网格员李强', '2026年11月23日', '甲方（盖章）', '乙方（盖章）']) expect(t).toContain(s);
    expect(t).not.toContain('{');

    const ws = words(path, 1);
    // 订口 28 mm: the flush-left lines (甲方：…) start at the left edge of the 版心.
    const left = Math.min(...ws.map((w) => w.xMin));
    expect(Math.abs(left - 28 * MM)).toBeLessThan(1.5);
    // The right edge of the 版心 (26 mm margin): full lines reach it and nothing passes it.
    const right = Math.max(...ws.map((w) => w.xMax));
    expect(right).toBeLessThanOrEqual(595.28 - 26 * MM + 1);
    expect(right).toBeGreaterThan(595.28 - 26 * MM - 8);
    // 天头 37 mm: the title's first line sits just below it.
    const top = Math.min(...ws.map((w) => w.yMin));
    expect(top).toBeGreaterThan(37 * MM - 1);
    expect(top).toBeLessThan(37 * MM + 15);

    // 28 characters a line: the first full line of the preamble holds 28 characters.
    const preamble = ws.filter((w) => w.text.startsWith('为把基层'))[0]!;
    expect(preamble.text).toHaveLength(26); // two characters of indent, then 26
    // …and the full lines that start at the left edge hold 28.
    const flush = ws.filter((w) => Math.abs(w.xMin - 28 * MM) < 1.5 && !/^[甲乙]方/.test(w.text));
    expect(Math.max(...flush.map((w) => w.text.length))).toBe(28);

    const fonts = pdffonts(path);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const f of fonts) expect([f.name, f.emb, f.sub]).toEqual([expect.stringMatching(/^[A-Z]{6}\+/), 'yes', 'yes']);
    expect(fonts.map((f) => f.name.split('+')[1])).toEqual(expect.arrayContaining(['NotoSansSC-Regular', 'NotoSerifSC-Regular']));
  });

  it('keeps 22 lines to the page: consecutive body lines are 225/22 mm apart', async () => {
    const path = out('grid-willow.pdf');
    const ys = [...new Set(words(path, 1).map((w) => Math.round(w.yMin * 10) / 10))].sort((a, b) => a - b);
    const gaps = ys.slice(1).map((y, i) => y - ys[i]!);
    const pitch = (225 * MM) / 22;
    // Most gaps are one line; the title and the signature block keep whole multiples of it.
    expect(gaps.filter((g) => Math.abs(g - pitch) < 0.6).length).toBeGreaterThan(8);
  });

  it('writes a batch in one file, each letter from a new page', async () => {
    const ctx = town.t.ctx;
    const grids = await ok(call(ctx, 'letter.write', { kind: 'grid', all: true, format: 'pdf', path: out('grid-all.pdf') }));
    expect(grids.letters).toBe(3);
    // The batch is the single letters one after another: its pages are theirs, each letter opening with its title.
    const single: number[] = [];
    for (const id of [town.villages.east, town.villages.willow, town.villages.empty]) {
      single.push((await ok(call(ctx, 'letter.write', { kind: 'grid', ids: [id], format: 'pdf', path: out(`grid-${id}.pdf`) }))).pages!);
    }
    expect(grids.pages).toBe(single.reduce((a, b) => a + b, 0));
    expect(pdfinfo(out('grid-all.pdf'))).toContain(`Pages:           ${grids.pages}`);
    const firstPages = [1, 1 + single[0]!, 1 + single[0]! + single[1]!];
    for (let page = 1; page <= grids.pages!; page++) {
      const ws = words(out('grid-all.pdf'), page);
      if (firstPages.includes(page)) expect(ws[0]!.text, `page ${page}`).toBe('网格化服务管理责任书');
      else expect(ws[0]!.text, `page ${page}`).not.toBe('网格化服务管理责任书');
      // 页码 below the 版心, counted from 1 in each letter: odd pages at the right, even at the left, one character in.
      const n = page - Math.max(...firstPages.filter((f) => f <= page)) + 1;
      const number = ws.find((w) => w.yMin > (37 + 225) * MM && /^\d+$/.test(w.text))!;
      expect(Number(number.text), `page ${page}`).toBe(n);
      expect(number.yMin - (37 + 225) * MM).toBeGreaterThan(5 * MM);
      expect(number.yMin - (37 + 225) * MM).toBeLessThan(10 * MM);
      if (n % 2) expect(number.xMin).toBeGreaterThan(595.28 - 26 * MM - 80);
      else expect(number.xMax).toBeLessThan(28 * MM + 80);
    }
    // Villages in code order: 东关社区 (…001), 柳河村 (…201), 石桥村 (…202, no grid).
    expect(text(out('grid-all.pdf'))).toMatch(/东关社区居民委员会.*柳河村村民委员会.*石桥村村民委员会.*（暂无在用网格）/);

    const released = await ok(call(ctx, 'letter.write', { kind: 'released', all: true, format: 'pdf', path: out('released-all.pdf') }));
    expect(released.letters).toBe(2);
    expect(released.pages).toBeGreaterThanOrEqual(2);
    expect(pdfinfo(out('released-all.pdf'))).toContain(`Pages:           ${released.pages}`);
    for (const [page, name] of [[1, '张明'], [released.pages!, '赵亮']] as const) {
      expect(words(out('released-all.pdf'), page).map((w) => w.text).join('')).toContain(name);
    }
    const t = text(out('released-all.pdf'));
    expect(t).toContain('甲方：柳河村安置帮教小组');
    expect(t).toContain('组长：李司法（电话025-12345678）');
    expect(t).toContain('于2026年6月1日刑满释放');
    expect(t).toContain('（尚未组建帮教小组）');
  });

  it('writes a guardian letter, and refuses a patient with no guardian by name', async () => {
    const ctx = town.t.ctx;
    await ok(call(ctx, 'letter.write', { kind: 'guardian', ids: [patientWith], format: 'pdf', path: out('guardian.pdf') }));
    const t = text(out('guardian.pdf'));
    expect(t).toContain('乙方：钱监护');
    expect(t).toContain('患者钱病');
    expect((await fails(call(ctx, 'letter.write', { kind: 'guardian', ids: [patientWithout], format: 'pdf', path: out('g2.pdf') }))).message).toContain('孙病没有登记监护人');
    // The batch takes the patients who have a guardian.
    expect(await ok(call(ctx, 'letter.write', { kind: 'guardian', all: true, format: 'pdf', path: out('g-all.pdf') }))).toMatchObject({ letters: 1 });
  });

  it('gives the same bytes for the same data and date', async () => {
    const ctx = town.t.ctx;
    await ok(call(ctx, 'letter.write', { kind: 'released', ids: [zhang], format: 'pdf', path: out('same-1.pdf') }));
    await ok(call(ctx, 'letter.write', { kind: 'released', ids: [zhang], format: 'pdf', path: out('same-2.pdf') }));
    expect(readFileSync(out('same-1.pdf')).equals(readFileSync(out('same-2.pdf')))).toBe(true);
  });

  it('refuses bad input with a message that names it', async () => {
    const ctx = town.t.ctx;
    expect((await fails(call(ctx, 'letter.write', { kind: 'grid', ids: [town.villages.willow], format: 'pdf', path: out('wrong.docx') }))).message).toContain('.pdf 结尾');
    expect((await fails(call(ctx, 'letter.write', { kind: 'grid', format: 'pdf', path: out('none.pdf') }))).message).toContain('请选择要生成文书的村（社区）');
    expect((await fails(call(ctx, 'letter.write', { kind: 'released', ids: [9999], format: 'pdf', path: out('none.pdf') }))).message).toContain('没有编号为 9999 的帮教对象');
    expect((await fails(call(ctx, 'letter.write', { kind: 'frontage', format: 'pdf', path: out('none.pdf') }))).message).toContain('请填写沿街单位或商户');
    expect((await fails(call(ctx, 'letter.write', { kind: 'frontage', parties: [{ name: '', address: '街', person: '人' }], format: 'pdf', path: out('none.pdf') }))).message).toContain('商户名称');
    expect((await fails(call(ctx, 'letter.write', { kind: 'memo' as never, all: true, format: 'pdf', path: out('none.pdf') }))).message).toContain('文书种类');
    expect((await fails(call(ctx, 'letter.write', { kind: 'grid', all: true, format: 'pdf', path: 'relative.pdf' }))).message).toContain('完整路径');
  });

  it('shows a village-scoped caller only their villages', async () => {
    const scoped = { ...town.t.ctx, caller: { ...LOCAL_USER, userId: 'willow', villageScope: ['320121100201'] } };
    const r = await ok(call(scoped, 'letter.write', { kind: 'grid', all: true, format: 'pdf', path: out('scoped.pdf') }));
    expect(r.letters).toBe(1);
    expect(text(out('scoped.pdf'))).not.toContain('东关');
    expect((await fails(call(scoped, 'letter.write', { kind: 'released', ids: [zhao], format: 'pdf', path: out('scoped2.pdf') }))).message).toContain(`没有编号为 ${zhao}`);
  });
});

describe('letters as .docx', () => {
  it('holds the title, the numbered clauses, the filled fields, the fonts, the page and the generation date', async () => {
    const path = out('released.docx');
    const r = await ok(call(town.t.ctx, 'letter.write', { kind: 'released', ids: [zhang], format: 'docx', path }));
    expect(r).toMatchObject({ letters: 1, pages: null });
    const zip = await JSZip.loadAsync(readFileSync(path));
    const doc = await zip.file('word/document.xml')!.async('string');
    const plain = doc.replace(/<[^>]+>/g, '');
    for (const s of ['安置帮教协议书', '一、', '二、', '五、', '甲方：柳河村安置帮教小组', '乙方：张明', '李司法', '2026年11月23日', '甲方（盖章）', '帮教对象（签字）']) expect(plain).toContain(s);
    expect(plain).not.toContain('{');
    expect(doc).toContain('w:eastAsia="仿宋_GB2312"');
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toContain('<w:sz w:val="44"/>'); // 2号 title
    expect(doc).toContain('<w:sz w:val="32"/>'); // 3号 body
    expect(doc).toContain('<w:spacing w:line="580" w:lineRule="exact"'); // 22 lines in 225 mm
    // A4 and the margins in twips (37/28/26/35 mm); the signature blocks a two-column table without borders.
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toMatch(/w:top="2098"[^>]*w:right="1474"[^>]*w:bottom="1984"[^>]*w:left="1587"/);
    expect(doc.match(/<w:tc>/g)).toHaveLength(2);
    expect(doc).toMatch(/<w:tblBorders><w:top w:val="none"/);
    // 页码: a PAGE field between 一字线, odd and even footers apart, counted from 1 in each letter.
    expect(doc).toContain('<w:pgNumType w:start="1"/>');
    expect(await zip.file('word/settings.xml')!.async('string')).toContain('<w:evenAndOddHeaders/>');
    const footers = await Promise.all(zip.file(/^word\/footer\d+\.xml$/).map((f) => f.async('string')));
    expect(footers).toHaveLength(2);
    for (const f of footers) expect(f).toMatch(/— .*PAGE.* —/s);
    expect(footers.map((f) => f.match(/<w:jc w:val="(\w+)"/)![1]).sort()).toEqual(['left', 'right']);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-23T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-23T00:00:00Z</dcterms:modified>');
    // The same data gives the same bytes (zip entry times pinned).
    await ok(call(town.t.ctx, 'letter.write', { kind: 'released', ids: [zhang], format: 'docx', path: out('released-2.docx') }));
    expect(readFileSync(out('released-2.docx')).equals(readFileSync(path))).toBe(true);
  });

  it('converts in LibreOffice to A4 pages, each letter from a new page', async () => {
    await ok(call(town.t.ctx, 'letter.write', { kind: 'grid', all: true, format: 'docx', path: out('grid-all.docx') }));
    const dir = out('lo');
    mkdirSync(dir, { recursive: true });
    execFileSync('soffice', [`-env:UserInstallation=file://${out('lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, out('grid-all.docx')], { stdio: 'ignore', timeout: 120_000 });
    const info = pdfinfo(join(dir, 'grid-all.pdf'));
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts/);
    expect(Number(info.match(/Pages:\s+(\d+)/)![1])).toBeGreaterThanOrEqual(3);
  }, 150_000);
});

describe('PDF font setting', () => {
  it('uses the bundled fonts by default, and the PC’s 仿宋 / 小标宋 with "system" where found', async () => {
    const ctx = town.t.ctx;
    const dir = out('pc-fonts');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    process.env.LEDGER_SYSTEM_FONTS_DIR = dir;
    try {
      const before = await ok(call(ctx, 'pdf.fonts', {}));
      expect(before.setting).toBe('bundled');
      expect(before.families.map((f) => f.source)).toEqual(['bundled', 'bundled']);

      // Nothing on the PC: 'system' keeps the bundled fonts and says why.
      const none = await ok(call(ctx, 'pdf.fonts.set', { setting: 'system' }));
      expect(none.families.map((f) => f.source)).toEqual(['bundled', 'bundled']);
      expect(none.notes.join('')).toContain('本机没有找到正文字体');

      // A "仿宋" (here Noto Serif SC under the PC's file name, in a sub-folder as Linux keeps fonts) becomes Body.
      copyFileSync(join(fontsDir(), 'NotoSerifSC-Regular.ttf'), join(dir, 'sub', 'SIMFANG.TTF'));
      const found = await ok(call(ctx, 'pdf.fonts', {}));
      expect(found.families[0]).toMatchObject({ family: 'Body', source: 'system', face: '仿宋', file: join(dir, 'sub', 'SIMFANG.TTF') });
      expect(found.families[1]).toMatchObject({ family: 'Title', source: 'bundled' });
      await ok(call(ctx, 'letter.write', { kind: 'grid', ids: [town.villages.willow], format: 'pdf', path: out('system-fonts.pdf') }));
      const names = pdffonts(out('system-fonts.pdf')).map((f) => f.name.split('+')[1]);
      expect(names).not.toContain('NotoSansSC-Regular');
      expect(names).toContain('NotoSerifSC-Regular');

      // Back to the bundled fonts.
      await ok(call(ctx, 'pdf.fonts.set', { setting: 'bundled' }));
      await ok(call(ctx, 'letter.write', { kind: 'grid', ids: [town.villages.willow], format: 'pdf', path: out('bundled-again.pdf') }));
      expect(pdffonts(out('bundled-again.pdf')).map((f) => f.name.split('+')[1])).toContain('NotoSansSC-Regular');
    } finally {
      delete process.env.LEDGER_SYSTEM_FONTS_DIR;
    }
  });

  it('falls back to the bundled font when the PC’s file cannot be read, and says so', async () => {
    const ctx = town.t.ctx;
    const dir = out('pc-broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'simfang.ttf'), Buffer.from('not a font at all'));
    process.env.LEDGER_SYSTEM_FONTS_DIR = dir;
    try {
      await ok(call(ctx, 'pdf.fonts.set', { setting: 'system' }));
      const view = await ok(call(ctx, 'pdf.fonts', {}));
      expect(view.families[0]).toMatchObject({ source: 'bundled' });
      expect(view.notes.join('')).toContain('无法用于 PDF');
      await ok(call(ctx, 'letter.write', { kind: 'grid', ids: [town.villages.willow], format: 'pdf', path: out('broken-fonts.pdf') }));
      expect(pdffonts(out('broken-fonts.pdf')).map((f) => f.name.split('+')[1])).toContain('NotoSansSC-Regular');
    } finally {
      delete process.env.LEDGER_SYSTEM_FONTS_DIR;
      await ok(call(ctx, 'pdf.fonts.set', { setting: 'bundled' }));
    }
  });

  it('takes 宋体 from a .ttc by its face name when the PC has no 仿宋, and falls back when the face is not in it', async () => {
    const ctx = town.t.ctx;
    const dir = out('pc-ttc');
    mkdirSync(dir, { recursive: true });
    // A collection without a face named SimSun (Noto Serif CJK under simsun.ttc): pdfmake cannot take it, so Body stays bundled.
    copyFileSync('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', join(dir, 'simsun.ttc'));
    process.env.LEDGER_SYSTEM_FONTS_DIR = dir;
    try {
      await ok(call(ctx, 'pdf.fonts.set', { setting: 'system' }));
      const view = await ok(call(ctx, 'pdf.fonts', {}));
      expect(view.families[0]).toMatchObject({ source: 'bundled', systemFile: join(dir, 'simsun.ttc') });
      expect(view.notes.join('')).toContain('宋体');
      expect(view.notes.join('')).toContain('无法用于 PDF');
      await ok(call(ctx, 'letter.write', { kind: 'grid', ids: [town.villages.willow], format: 'pdf', path: out('ttc-fonts.pdf') }));
      expect(pdffonts(out('ttc-fonts.pdf')).map((f) => f.name.split('+')[1])).toContain('NotoSansSC-Regular');
    } finally {
      delete process.env.LEDGER_SYSTEM_FONTS_DIR;
      await ok(call(ctx, 'pdf.fonts.set', { setting: 'bundled' }));
    }
  });

  it('refuses an unknown setting', async () => {
    expect((await fails(call(town.t.ctx, 'pdf.fonts.set', { setting: 'comic' as never }))).message).toContain('字体设置应为');
  });
});

describe('report letter (CLI)', () => {
  it('writes letters for a village by code, for entries, for a 商户, and refuses bad arguments', async () => {
    const db = town.t.path;
    const grid = await cli('report', 'letter', 'grid', '--db', db, '--village', '320121100201', '--out', out('cli-grid.pdf'), '--today', '2026-11-23');
    expect(grid.code, grid.stderr).toBe(0);
    expect(grid.stdout).toContain('已生成 1 份文书（共 2 页）');
    expect(text(out('cli-grid.pdf'))).toContain('柳河村村民委员会');
    const entries = await cli('report', 'letter', 'released', '--db', db, '--entry', `${zhang},${zhao}`, '--out', out('cli-released.docx'), '--json');
    expect(entries.code, entries.stderr).toBe(0);
    expect(entries.json()).toMatchObject({ letters: 2, pages: null });
    const shop = await cli('report', 'letter', 'frontage', '--db', db, '--party', '好运超市,城关街8号,周老板', '--out', out('cli-shop.pdf'));
    expect(shop.code, shop.stderr).toBe(0);
    expect(text(out('cli-shop.pdf'))).toContain('乙方：好运超市（负责人：周老板）');

    const badKind = await cli('report', 'letter', 'memo', '--db', db, '--all', '--out', out('x.pdf'));
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('文书种类应为');
    const badOut = await cli('report', 'letter', 'grid', '--db', db, '--all', '--out', out('x.txt'));
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toContain('.pdf 或 .docx');
    const noVillage = await cli('report', 'letter', 'grid', '--db', db, '--village', '320121100999', '--out', out('x.pdf'));
    expect(noVillage.code).toBe(1);
    expect(noVillage.stderr).toContain('没有代码为 320121100999 的村（社区）');
    // `report table` still answers as before.
    expect((await cli('report', 'table', 'T9', '--db', db, '--month', '2026-11', '--out', out('t.xlsx'))).stderr).toContain('T1、T2、T3、T4、T5 或 T6');
  }, 60_000);
});
