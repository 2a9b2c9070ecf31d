// The four letters of reports.md (责任书 / 协议书) as text templates: a title and a body whose lines are paragraphs,
// numbered clauses starting with 一、二、三. Fields in braces (`{甲方}`) are filled from the data when a letter is
// written; each kind names the fields it knows, so a template with any other field is refused before it is saved.
// The default text is our own; staff adapt it in the app (table letter_template) and can restore it.

export const LETTER_KINDS = ['grid', 'released', 'guardian', 'frontage'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export interface LetterField {
  name: string;
  hint: string;
}

export interface LetterKindInfo {
  kind: LetterKind;
  /** What the staff see in the kind picker. */
  label: string;
  /** Who 甲方 and 乙方 are, for the signature blocks. */
  partyA: string;
  partyB: string;
  /** The label of each signature block's line for a signature. */
  signA: string;
  signB: string;
  fields: readonly LetterField[];
}

const common: LetterField[] = [
  { name: '镇名', hint: '本镇（乡、街道）名称' },
  { name: '甲方', hint: '甲方名称' },
  { name: '乙方', hint: '乙方名称' },
  { name: '签订日期', hint: '签订日期，如 2026年12月2日' },
  { name: '年度', hint: '签订日期所在年份，如 2026' },
];

export const LETTER_KIND_INFO: Record<LetterKind, LetterKindInfo> = {
  grid: {
    kind: 'grid',
    label: '网格化服务管理责任书',
    partyA: '甲方（镇）',
    partyB: '乙方（村/社区）',
    signA: '负责人（签字）',
    signB: '负责人（签字）',
    fields: [
      ...common,
      { name: '村名', hint: '村（社区）名称' },
      { name: '网格数', hint: '本村（社区）在用网格的个数' },
      { name: '网格列表', hint: '每个网格一行：名称、编码和网格员' },
      { name: '网格员人数', hint: '本村（社区）在岗网格员人数' },
    ],
  },
  released: {
    kind: 'released',
    label: '安置帮教协议书',
    partyA: '甲方（帮教小组）',
    partyB: '乙方（帮教对象）',
    signA: '组长（签字）',
    signB: '帮教对象（签字）',
    fields: [
      ...common,
      { name: '村名', hint: '帮教对象所在村（社区）' },
      { name: '帮教对象', hint: '帮教对象姓名' },
      { name: '身份证号', hint: '帮教对象公民身份号码' },
      { name: '住址', hint: '帮教对象现住址' },
      { name: '释放日期', hint: '刑满释放日期' },
      { name: '帮教期满', hint: '帮教期满日期' },
      { name: '帮教小组', hint: '帮教小组成员，每人一行：职务、姓名、电话' },
      { name: '组长', hint: '帮教小组组长姓名' },
    ],
  },
  guardian: {
    kind: 'guardian',
    label: '监护人看护管理责任书',
    partyA: '甲方（镇综治中心）',
    partyB: '乙方（监护人）',
    signA: '负责人（签字）',
    signB: '监护人（签字）',
    fields: [
      ...common,
      { name: '村名', hint: '患者所在村（社区）' },
      { name: '患者', hint: '患者姓名' },
      { name: '身份证号', hint: '患者公民身份号码' },
      { name: '住址', hint: '患者现住址' },
      { name: '监护人', hint: '监护人姓名' },
      { name: '监护人电话', hint: '监护人联系电话' },
      { name: '与患者关系', hint: '监护人与患者的关系' },
    ],
  },
  frontage: {
    kind: 'frontage',
    label: '门前三包责任书',
    partyA: '甲方（镇/村）',
    partyB: '乙方（沿街单位或商户）',
    signA: '负责人（签字）',
    signB: '负责人（签字）',
    fields: [
      ...common,
      { name: '商户名称', hint: '沿街单位或商户名称' },
      { name: '商户地址', hint: '经营地址' },
      { name: '负责人', hint: '商户负责人姓名' },
    ],
  },
};

export interface LetterTemplateText {
  title: string;
  body: string;
}

export const DEFAULT_LETTER_TEMPLATES: Record<LetterKind, LetterTemplateText> = {
  grid: {
    title: '网格化服务管理责任书',
    body: [
      '甲方：{甲方}',
      '乙方：{乙方}',
      '为把基层社会治理落到每一个网格，明确镇与村（社区）在网格化服务管理中的责任，经双方商定，签订本责任书。',
      '一、乙方辖区现划分网格{网格数}个，配备网格员{网格员人数}名，具体如下：',
      '{网格列表}',
      '二、乙方负责本村（社区）网格的日常运行，保证每个网格配齐网格长、专职网格员、兼职网格员和网格指导员，人员变动在十个工作日内报甲方备案。',
      '三、网格员按要求走访网格内住户，及时采集、更新实有人口和重点人群信息，做到底数清、情况明。',
      '四、乙方对网格内发现的矛盾纠纷、安全隐患和重点人员异常情况，能当场化解的当场化解，不能化解的及时上报甲方。',
      '五、甲方负责网格员的业务培训、工作指导和考核，对工作成绩突出的网格和个人给予表彰。',
      '六、本责任书自签订之日起生效，有效期至{年度}年12月31日。一式两份，甲乙双方各执一份。',
    ].join('\n'),
  },
  released: {
    title: '安置帮教协议书',
    body: [
      '甲方：{甲方}',
      '乙方：{乙方}（公民身份号码：{身份证号}）',
      '乙方于{释放日期}刑满释放，现住{住址}。为帮助乙方顺利回归社会，甲乙双方自愿签订本协议。',
      '一、甲方帮教小组由以下人员组成：',
      '{帮教小组}',
      '二、甲方在帮教期内定期走访乙方，了解其思想、生活和就业情况，帮助解决实际困难，协助落实就业、社会保障等安置措施。',
      '三、乙方应遵守国家法律法规，服从帮教小组的教育帮助，外出一个月以上应事先告知帮教小组。',
      '四、乙方住址、联系方式或工作单位发生变化的，应在五日内告知帮教小组组长{组长}。',
      '五、本协议帮教期至{帮教期满}止。一式三份，甲乙双方各执一份，{镇名}司法所存档一份。',
    ].join('\n'),
  },
  guardian: {
    title: '监护人看护管理责任书',
    body: [
      '甲方：{甲方}',
      '乙方：{乙方}（与患者关系：{与患者关系}，联系电话：{监护人电话}）',
      '患者{患者}（公民身份号码：{身份证号}），现住{住址}。为落实严重精神障碍患者监护责任，实行以奖代补，甲乙双方签订本责任书。',
      '一、乙方是患者的监护人，负责患者的日常看护和生活照料，督促患者按医嘱规律服药，按时陪同患者复诊。',
      '二、乙方发现患者病情波动或有伤害自身、危害他人的迹象时，应立即报告村（社区）网格员、卫生院精防医生或派出所。',
      '三、甲方组织关爱帮扶小组定期走访，为乙方提供政策咨询和帮助，并按规定发放监护补贴。',
      '四、监护年度内患者未发生肇事肇祸、乙方认真履行监护责任的，经审核后给予奖补；未履行责任的，不予奖补。',
      '五、本责任书自签订之日起生效，有效期至{年度}年12月31日。一式两份，甲乙双方各执一份。',
    ].join('\n'),
  },
  frontage: {
    title: '门前三包责任书',
    body: [
      '甲方：{甲方}',
      '乙方：{乙方}（负责人：{负责人}）',
      '经营地址：{商户地址}',
      '为保持街面整洁有序，甲方与乙方签订门前三包责任书，乙方负责其门前至道路边缘的区域。',
      '一、包卫生：门前无垃圾、污水和杂物，垃圾按规定分类投放。',
      '二、包秩序：不店外经营、不乱堆乱放，车辆停放整齐，不乱贴乱挂广告。',
      '三、包绿化和设施：爱护门前树木、绿地和公共设施，发现损坏及时报告。',
      '四、甲方定期检查，对履行责任好的商户予以表扬，对屡查屡犯的依法依规处理。',
      '五、本责任书自签订之日起生效，有效期至{年度}年12月31日。一式两份，甲乙双方各执一份。',
    ].join('\n'),
  },
};

const FIELD = /\{([^{}\n]*)\}/g;

export interface TemplateProblem {
  /** title | body */
  part: 'title' | 'body';
  /** 1-based line of the body (1 for the title). */
  line: number;
  field: string;
  message: string;
}

/** Every field a template uses that its kind does not know, and every unbalanced brace, with where it is. */
export function templateProblems(kind: LetterKind, text: LetterTemplateText): TemplateProblem[] {
  const known = new Set(LETTER_KIND_INFO[kind].fields.map((f) => f.name));
  const out: TemplateProblem[] = [];
  const scan = (part: 'title' | 'body', content: string) => {
    content.split('\n').forEach((line, i) => {
      const where = part === 'title' ? '标题' : `正文第${i + 1}行`;
      for (const m of line.matchAll(FIELD)) {
        const name = m[1]!;
        if (!known.has(name)) out.push({ part, line: i + 1, field: name, message: `${where}的字段「{${name}}」不是${LETTER_KIND_INFO[kind].label}可用的字段` });
      }
      const rest = line.replace(FIELD, '');
      if (/[{}]/.test(rest)) out.push({ part, line: i + 1, field: '', message: `${where}的花括号不成对：字段应写成 {字段名}` });
    });
  };
  scan('title', text.title);
  scan('body', text.body);
  return out;
}

/** A field's text; a multi-line value (网格列表, 帮教小组) stays multi-line, so it becomes several paragraphs. */
export function fillTemplate(content: string, values: Readonly<Record<string, string>>): string {
  return content.replace(FIELD, (whole, name: string) => values[name] ?? whole);
}

/** A numbered clause (一、…十、) — the renderers set it apart from the plain paragraphs. */
export function isClause(line: string): boolean {
  return /^[一二三四五六七八九十]+、/.test(line);
}

/** The date as letters write it: Arabic numerals, full year, no zero padding (GB/T 9704). */
export function letterDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
