// 统计用区划代码 (12 digits): 6-digit GB/T 2260 county + 3-digit township + 3-digit village.
// Structural checks only: we cannot know every real code offline, but we can refuse ones that cannot exist.
import { quote } from '../quote';

export const PROVINCE_PREFIXES = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
] as const;

export type RegionCodeCheck = { ok: true; code: string } | { ok: false; reason: string };

/** Full-width digits and stray spaces are common in pasted codes. */
export function normalizeDigits(raw: string): string {
  return raw.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]/g, '');
}

function checkCounty(code: string): string | null {
  if (!(PROVINCE_PREFIXES as readonly string[]).includes(code.slice(0, 2))) {
    return `前两位「${code.slice(0, 2)}」不是有效的省级代码`;
  }
  if (code.slice(4, 6) === '00') return `第5–6位（县级代码）不能为 00`;
  return null;
}

/** A town (乡镇/街道) code: county + a township segment 001–599 + "000". */
export function checkTownCode(raw: string): RegionCodeCheck {
  const code = normalizeDigits(raw);
  if (!/^\d{12}$/.test(code)) return { ok: false, reason: `统计用区划代码应为12位数字，现在是「${quote(raw.trim())}」（${code.length}位）` };
  const county = checkCounty(code);
  if (county) return { ok: false, reason: county };
  const township = Number(code.slice(6, 9));
  if (township === 0) return { ok: false, reason: '第7–9位（乡镇代码）不能为 000' };
  if (township >= 600) return { ok: false, reason: `第7–9位「${code.slice(6, 9)}」不是乡镇、街道的代码（应在 001–599 之间）` };
  if (code.slice(9) !== '000') return { ok: false, reason: `乡镇的代码以 000 结尾，「${code}」的末三位是 ${code.slice(9)}（像是村/社区的代码）` };
  return { ok: true, code };
}

export type TownshipKind = '街道' | '镇' | '乡' | '其他';
export function townshipKind(townCode: string): TownshipKind {
  const n = Number(townCode.slice(6, 9));
  if (n < 100) return '街道';
  if (n < 200) return '镇';
  if (n < 400) return '乡';
  return '其他';
}

/** A village/community code under the given town: same first 9 digits, serial 001–999. */
export function checkVillageCode(raw: string, townCode: string): RegionCodeCheck {
  const code = normalizeDigits(raw);
  if (!/^\d{12}$/.test(code)) return { ok: false, reason: `村/社区代码应为12位数字，现在是「${quote(raw.trim())}」` };
  if (code.slice(0, 9) !== townCode.slice(0, 9)) {
    return { ok: false, reason: `村/社区代码的前9位应与本乡镇代码相同（${townCode.slice(0, 9)}）` };
  }
  if (code.slice(9) === '000') return { ok: false, reason: '村/社区代码的末三位不能为 000' };
  return { ok: true, code };
}

/** Observed convention: 001–199 居委会/社区, 200–399 村委会. Used as the default type of a new village. */
export function guessVillageType(villageCode: string): '村' | '社区' {
  const n = Number(villageCode.slice(9));
  return n >= 200 && n < 400 ? '村' : n >= 600 && n < 800 ? '村' : '社区';
}

export type GridKind = '综合网格' | '专属网格';

/** Grid code: village code + 3-digit serial; 001–899 综合网格, 901–999 专属网格. */
export function checkGridCode(raw: string, villageCode: string, kind: GridKind): RegionCodeCheck {
  const code = normalizeDigits(raw);
  if (!/^\d{15}$/.test(code)) return { ok: false, reason: `网格编码应为15位数字，现在是「${quote(raw.trim())}」` };
  if (code.slice(0, 12) !== villageCode) return { ok: false, reason: `网格编码的前12位应为所属村/社区代码 ${villageCode}` };
  const serial = Number(code.slice(12));
  if (kind === '综合网格' && (serial < 1 || serial > 899)) return { ok: false, reason: '综合网格的序号应在 001–899 之间' };
  if (kind === '专属网格' && (serial < 901 || serial > 999)) return { ok: false, reason: '专属网格的序号应在 901–999 之间' };
  return { ok: true, code };
}
