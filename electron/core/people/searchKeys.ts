// Pinyin keys of a name for search: 张三 → full "zhangsan", initials "zs". Polyphonic surnames
// take their surname reading (单 → shan, 曾 → zeng) thanks to pinyin-pro's surname mode.
import { pinyin } from 'pinyin-pro';

export function nameKeys(name: string): { namePinyin: string; nameInitials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'consecutive' })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { namePinyin: syllables.join(''), nameInitials: syllables.map((s) => s[0]).join('') };
}
