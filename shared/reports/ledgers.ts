// The five ledger workbooks (台账) as data: 刑满释放人员 (安置帮教), 严重精神障碍患者, 低保户, 网格员花名册, 实有人口.
// Each definition names the full column set of the file (domain.md Part 2 §1.2–1.5, §4.4: codes as Chinese labels,
// full ID numbers as text) and the print layout a county office accepts. One xlsx renderer
// (electron/core/xlsx/ledgerWorkbook.ts) writes any definition; the core supplies one value per column key.
//
// Decisions:
// - Two sheets per workbook. Sheet 1 (the ledger's name) is the full column set, one header row and nothing under the
//   data, so it stays a clean table to sort, filter and re-import. Sheet 2, 「打印」, is the print layout: the columns
//   a printed 台账 carries, related items stacked in one cell (姓名 over 性别, 身份号码 over 电话 …), wrapped text and
//   row heights computed from the text, the title and 填报单位 repeated on every page (print titles rows 1–3), and the
//   填表人 / 审核人 / 负责人 / 填报日期 lines with room for the stamp after the last row. One sheet could not be both: 35
//   columns fitted to a page width print at about 5 pt.
// - Text is never smaller than 9 pt on paper because neither sheet shrinks to fit: both print at 100 % (cells are
//   10 pt 宋体). The print layout's widths are chosen to fit the paper's printable width (`fitsPaper`, held by the
//   tests for every definition); the full sheet prints on A3 landscape across as many pages as its columns need.
// - Column keys tie the two layouts together: a print column lists the keys it shows, so it can only show what the
//   file holds. A column the file leaves out (実有人口 without 状态/离开 in the 在册 view) drops out of print too.
// - Values are formatted in the core (labels, dates as YYYY-MM-DD text, money as a number with 2 decimals); the
//   print sheet joins stacked values with a line break and skips empty ones.
//
// Widths are Excel character widths: the width of '0' in the workbook's default font (Calibri 11). Excel and WPS with
// Calibri make that 7 px = 5.25 pt; LibreOffice where Calibri is missing (Linux, measured: DejaVu Sans) makes it 7 pt.
// So a layout fits the paper when its widths fit at 7 pt each (`columnPoints`), and text wraps where the columns are
// narrowest: a CJK character of 10 pt needs about 1.9 widths at 5.25 pt, a digit about 1 (`textUnits`). In Excel the
// printed table is then about three quarters of the paper's width, at the same 10 pt.

export const LEDGER_IDS = ['released', 'patient', 'lowIncome', 'staff', 'residents'] as const;
export type LedgerId = (typeof LEDGER_IDS)[number];

/** index = 序号 (a number); text = a string cell stored as text (IDs and phones too); count = integer; money = 0.00. */
export type LedgerCellKind = 'index' | 'text' | 'count' | 'money';

export interface LedgerColumn<K extends string = string> {
  key: K;
  header: string;
  /** Width in characters on the full sheet. */
  width: number;
  kind: LedgerCellKind;
}

export interface PrintColumn<K extends string = string> {
  /** The header; stacked items read top to bottom as their values do ("姓名\n性别"). */
  header: string;
  keys: readonly K[];
  width: number;
  /** Short codes and dates read best centred (the default); long text stays left. */
  align?: 'left';
}

export interface PrintLayout<K extends string = string> {
  paper: 'A4' | 'A3';
  orientation: 'landscape';
  columns: readonly PrintColumn<K>[];
}

export interface LedgerDefinition<K extends string = string> {
  id: LedgerId;
  /** 表名; the title is 镇名 + 表名. */
  name: string;
  /** Sheet name of the full column set (≤ 31 characters). */
  sheet: string;
  /** The file name the monthly package gives the workbook. */
  fileName: string;
  /** 人 or 户: how the subtitle counts rows. */
  unit: '人' | '户';
  columns: readonly LedgerColumn<K>[];
  print: PrintLayout<K>;
}

export const PRINT_SHEET = '打印';
/** Cell text size on both sheets, and the smallest size allowed on paper. */
export const LEDGER_FONT_PT = 10;
export const MIN_PRINTED_PT = 9;
/** Margins in inches (left/right, top/bottom) of the print sheet. */
export const PRINT_MARGINS = { left: 0.3, right: 0.3, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 } as const;
/** The sign-off under the last row; {填报日期} becomes the date the ledger is made. */
export const SIGN_OFF = '填表人：　　　　　　　审核人：　　　　　　　负责人：　　　　　　　填报日期：{填报日期}';
export const STAMP_NOTE = '（单位盖章）';

const PAPER_PT = { A4: { w: 595.28, h: 841.89 }, A3: { w: 841.89, h: 1190.55 } } as const;

/** Points a column of `width` characters takes on paper at 100 %, at the widest of the programs that print it. */
export function columnPoints(width: number): number {
  return 7 * width;
}

/** The printable width of the layout's paper, in points. */
export function printableWidth(layout: Pick<PrintLayout, 'paper' | 'orientation'>): number {
  const paper = PAPER_PT[layout.paper];
  return (layout.orientation === 'landscape' ? paper.h : paper.w) - 72 * (PRINT_MARGINS.left + PRINT_MARGINS.right);
}

/** Whether the print columns fit one page width at 100 % — the whole point of the print layout. */
export function fitsPaper(layout: PrintLayout): boolean {
  return layout.columns.reduce((s, c) => s + columnPoints(c.width), 0) <= printableWidth(layout);
}

/**
 * Width of a text in character widths at 10 pt: CJK and full-width forms about 1.9, anything else about 1
 * (digits, Latin, '-'). Used for row heights; errs wide so a cell is never clipped.
 */
export function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) units += ch.codePointAt(0)! > 0x2e7f ? 1.9 : 1;
  return units;
}

/** Lines a value takes in a column of `width` characters (explicit line breaks count; long lines wrap). */
export function linesIn(text: string, width: number): number {
  // Excel's cell is 7w + 5 px with about 2 px of padding each side: w character widths of room.
  const room = Math.max(1, width);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textUnits(line) / room)), 0);
}

/** Points per line of 10 pt text, and the row height for `lines` lines. */
export const LINE_PT = 13.5;
export function rowHeight(lines: number): number {
  return Math.max(1, lines) * LINE_PT + 4;
}

function define<const C extends readonly LedgerColumn[]>(d: {
  id: LedgerId;
  name: string;
  sheet: string;
  fileName: string;
  unit: '人' | '户';
  columns: C;
  print: PrintLayout<C[number]['key']>;
}): LedgerDefinition<C[number]['key']> & { columns: C } {
  return d;
}

/** The first printed columns of a person's ledger row (安置帮教, 严重精神障碍): who, where, how to reach them. */
const personPrintHead = [
  { header: '序号', keys: ['index'], width: 4 },
  { header: '村（社区）\n网格', keys: ['village', 'grid'], width: 10 },
  { header: '姓名\n性别', keys: ['name', 'sex'], width: 7 },
  { header: '公民身份号码\n联系电话', keys: ['idNumber', 'phone'], width: 18 },
  { header: '现住址', keys: ['currentAddress'], width: 12, align: 'left' },
] as const satisfies readonly PrintColumn[];

const col = <K extends string>(key: K, header: string, width: number, kind: LedgerCellKind = 'text'): LedgerColumn<K> => ({ key, header, width, kind });

export const RELEASED_LEDGER = define({
  id: 'released',
  name: '刑满释放人员台账',
  sheet: '刑满释放人员台账',
  fileName: '安置帮教对象台账.xlsx',
  unit: '人',
  columns: [
    col('index', '序号', 6, 'index'),
    col('village', '村（社区）', 12),
    col('grid', '网格', 12),
    col('name', '姓名', 9),
    col('sex', '性别', 5),
    col('idNumber', '公民身份号码', 21),
    col('birthDate', '出生日期', 11),
    col('phone', '联系电话', 13),
    col('currentAddress', '现住址', 22),
    col('recidivist', '是否累犯', 6),
    col('crime', '原罪名', 16),
    col('sentence', '原判刑期', 10),
    col('prison', '服刑场所', 16),
    col('releaseDate', '释放日期', 11),
    col('endedInCorrection', '是否社区矫正期满', 8),
    col('termEnd', '帮教期满日', 11),
    col('riskType', '危险性评估类型', 12),
    col('class', '帮教分类', 7),
    col('classAssessedOn', '分类评估日期', 11),
    col('noticeReceivedOn', '通知书收到日期', 11),
    col('handoverOn', '衔接日期', 11),
    col('handover', '衔接情况', 14),
    col('reportedOn', '报到日期', 11),
    col('agreementSignedOn', '帮教协议签订日期', 11),
    col('placedOn', '安置日期', 11),
    col('placement', '安置情况', 16),
    col('unplacedReason', '未安置原因', 16),
    col('team', '帮教小组', 28),
    col('lastHelpOn', '最近帮教记录', 11),
    col('status', '帮教状态', 8),
    col('statusSince', '状态日期', 11),
    col('reoffended', '是否重新犯罪', 6),
    col('reoffendOn', '重新犯罪日期', 11),
    col('reoffendCrime', '重新犯罪罪名', 14),
    col('note', '备注', 16),
  ],
  print: {
    paper: 'A3',
    orientation: 'landscape',
    columns: [
      ...personPrintHead,
      { header: '原罪名\n原判刑期', keys: ['crime', 'sentence'], width: 10 },
      { header: '服刑场所', keys: ['prison'], width: 10, align: 'left' },
      { header: '释放日期\n帮教期满日', keys: ['releaseDate', 'termEnd'], width: 11 },
      { header: '分类\n累犯', keys: ['class', 'recidivist'], width: 6 },
      { header: '衔接日期\n衔接情况', keys: ['handoverOn', 'handover'], width: 11 },
      { header: '报到日期\n协议签订', keys: ['reportedOn', 'agreementSignedOn'], width: 11 },
      { header: '安置情况\n未安置原因', keys: ['placement', 'unplacedReason'], width: 10 },
      { header: '帮教小组', keys: ['team'], width: 13, align: 'left' },
      { header: '最近帮教', keys: ['lastHelpOn'], width: 11 },
      { header: '帮教状态\n状态日期', keys: ['status', 'statusSince'], width: 11 },
      { header: '备注', keys: ['note'], width: 7, align: 'left' },
    ],
  },
});

export const PATIENT_LEDGER = define({
  id: 'patient',
  name: '严重精神障碍患者台账',
  sheet: '严重精神障碍患者台账',
  fileName: '严重精神障碍患者台账.xlsx',
  unit: '人',
  columns: [
    col('index', '序号', 6, 'index'),
    col('village', '村（社区）', 12),
    col('grid', '网格', 12),
    col('name', '姓名', 9),
    col('sex', '性别', 5),
    col('idNumber', '公民身份号码', 21),
    col('birthDate', '出生日期', 11),
    col('phone', '联系电话', 13),
    col('currentAddress', '现住址', 22),
    col('inLowIncome', '是否纳入低保', 7),
    col('guardianName', '监护人姓名', 9),
    col('guardianIdNumber', '监护人公民身份号码', 21),
    col('guardianPhone', '监护人联系方式', 13),
    col('guardianRelation', '监护人与患者关系', 9),
    col('firstOnsetOn', '初次发病日期', 11),
    col('diagnosis', '目前诊断类型', 16),
    col('hasIncidents', '有无肇事肇祸史', 7),
    col('incidentCount', '肇事肇祸次数', 7, 'count'),
    col('lastIncidentOn', '上次肇事肇祸日期', 11),
    col('risk', '目前危险性评估等级', 8),
    col('treatment', '治疗情况', 14),
    col('hospital', '治疗医院名称', 16),
    col('team', '关爱帮扶小组', 24),
    col('registeredOn', '建档日期', 11),
    col('status', '管理状态', 7),
    col('statusSince', '状态日期', 11),
    col('lastFollowUpOn', '末次随访日期', 11),
    col('lastFollowUpClass', '末次随访分类', 9),
    col('nextFollowUpOn', '下次随访日期', 11),
    col('awardEligible', '以奖代补对象', 7),
    col('awardAgreementSignedOn', '监护责任书签订日期', 11),
    col('lastAwardReviewOn', '以奖代补年审日期', 11),
    col('note', '备注', 16),
  ],
  print: {
    paper: 'A3',
    orientation: 'landscape',
    columns: [
      ...personPrintHead,
      { header: '监护人\n关系', keys: ['guardianName', 'guardianRelation'], width: 7 },
      { header: '监护人身份号码\n监护人电话', keys: ['guardianIdNumber', 'guardianPhone'], width: 18 },
      { header: '诊断类型\n危险性', keys: ['diagnosis', 'risk'], width: 10 },
      { header: '肇事肇祸\n上次日期', keys: ['incidentCount', 'lastIncidentOn'], width: 11 },
      { header: '治疗情况\n治疗医院', keys: ['treatment', 'hospital'], width: 11, align: 'left' },
      { header: '关爱帮扶小组', keys: ['team'], width: 12, align: 'left' },
      { header: '末次随访\n随访分类\n下次随访', keys: ['lastFollowUpOn', 'lastFollowUpClass', 'nextFollowUpOn'], width: 11 },
      { header: '以奖代补\n责任书签订', keys: ['awardEligible', 'awardAgreementSignedOn'], width: 11 },
      { header: '管理状态\n状态日期', keys: ['status', 'statusSince'], width: 11 },
      { header: '备注', keys: ['note'], width: 8, align: 'left' },
    ],
  },
});

export const LOW_INCOME_LEDGER = define({
  id: 'lowIncome',
  name: '低保户台账',
  sheet: '低保户台账',
  fileName: '低保户台账.xlsx',
  unit: '户',
  columns: [
    col('index', '序号', 6, 'index'),
    col('village', '村（社区）', 12),
    col('grid', '网格', 12),
    col('householdNumber', '户号', 14),
    col('headName', '户主姓名', 9),
    col('headIdNumber', '户主公民身份号码', 21),
    col('address', '家庭住址', 22),
    col('area', '城市/农村', 8),
    col('certificateNumber', '低保证号', 16),
    col('coveredCount', '保障人数', 7, 'count'),
    col('monthlyAmount', '月保障金额（元）', 11, 'money'),
    col('class', '分类', 6),
    col('extremePoverty', '特困供养', 9),
    col('confirmedOn', '确认日期', 11),
    col('publicity', '公示日期', 22),
    col('lastReviewOn', '最近复核日期', 11),
    col('nextReviewOn', '下次复核日期', 11),
    col('status', '状态', 6),
    col('exitOn', '停保日期', 11),
    col('exitReason', '停保原因', 14),
  ],
  print: {
    paper: 'A4',
    orientation: 'landscape',
    columns: [
      { header: '序号', keys: ['index'], width: 4 },
      { header: '村（社区）\n网格', keys: ['village', 'grid'], width: 10 },
      { header: '户号\n低保证号', keys: ['householdNumber', 'certificateNumber'], width: 19 },
      { header: '户主\n公民身份号码', keys: ['headName', 'headIdNumber'], width: 18 },
      { header: '家庭住址', keys: ['address'], width: 10, align: 'left' },
      { header: '城乡\n分类\n特困', keys: ['area', 'class', 'extremePoverty'], width: 7 },
      { header: '人数', keys: ['coveredCount'], width: 4 },
      { header: '月保障\n金额（元）', keys: ['monthlyAmount'], width: 8 },
      { header: '确认日期', keys: ['confirmedOn'], width: 11 },
      { header: '最近复核\n下次复核', keys: ['lastReviewOn', 'nextReviewOn'], width: 11 },
      { header: '状态\n停保日期', keys: ['status', 'exitOn'], width: 11 },
    ],
  },
});

export const STAFF_LEDGER = define({
  id: 'staff',
  name: '网格员花名册',
  sheet: '网格员花名册',
  fileName: '网格员花名册.xlsx',
  unit: '人',
  columns: [
    col('index', '序号', 6, 'index'),
    col('name', '姓名', 10),
    col('sex', '性别', 6),
    col('idNumber', '公民身份号码', 21),
    col('phone', '联系电话', 14),
    col('role', '网格职务', 12),
    col('villages', '村（社区）', 14),
    col('grids', '服务网格', 22),
    col('gridCodes', '网格编码', 18),
    col('startDate', '任职日期', 12),
    col('endDate', '离任日期', 12),
    col('note', '备注', 16),
  ],
  print: {
    paper: 'A4',
    orientation: 'landscape',
    columns: [
      { header: '序号', keys: ['index'], width: 4 },
      { header: '姓名\n性别', keys: ['name', 'sex'], width: 7 },
      { header: '公民身份号码\n联系电话', keys: ['idNumber', 'phone'], width: 18 },
      { header: '网格职务', keys: ['role'], width: 9 },
      { header: '村（社区）', keys: ['villages'], width: 10, align: 'left' },
      { header: '服务网格', keys: ['grids'], width: 14, align: 'left' },
      { header: '网格编码', keys: ['gridCodes'], width: 15 },
      { header: '任职日期\n离任日期', keys: ['startDate', 'endDate'], width: 11 },
      { header: '备注', keys: ['note'], width: 10, align: 'left' },
    ],
  },
});

export const RESIDENTS_LEDGER = define({
  id: 'residents',
  name: '实有人口台账',
  sheet: '实有人口',
  fileName: '实有人口台账.xlsx',
  unit: '人',
  columns: [
    col('index', '序号', 7, 'index'),
    col('village', '村（社区）', 12),
    col('grid', '网格', 14),
    col('householdNumber', '户号', 20),
    col('headName', '户主姓名', 9),
    col('headIdNumber', '户主公民身份号码', 21),
    col('relation', '与户主关系', 9),
    col('name', '姓名', 9),
    col('formerName', '曾用名', 9),
    col('idNumber', '公民身份号码', 21),
    col('sex', '性别', 5),
    col('birthDate', '出生日期', 11),
    col('age', '年龄', 5, 'count'),
    col('ethnicity', '民族', 8),
    col('nativePlace', '籍贯', 12),
    col('marital', '婚姻状况', 8),
    col('political', '政治面貌', 12),
    col('education', '学历', 12),
    col('religion', '宗教信仰', 8),
    col('occupation', '职业', 12),
    col('phone', '联系电话', 14),
    col('registeredAddress', '户籍地址', 28),
    col('currentAddress', '现住址', 28),
    col('residenceKind', '人口类别', 9),
    col('inflowReason', '流入原因', 9),
    col('certificateType', '办证类型', 8),
    col('certificateNumber', '证件号码', 18),
    col('inflowDate', '登记日期', 11),
    col('certificateExpiry', '证件到期日期', 11),
    col('dwellingType', '住所类型', 10),
    col('keyConcern', '重点关注', 6),
    col('tags', '户标签', 16),
    col('status', '状态', 6),
    col('leftOn', '离开日期', 11),
    col('leftReason', '离开原因', 20),
  ],
  print: {
    paper: 'A3',
    orientation: 'landscape',
    columns: [
      { header: '序号', keys: ['index'], width: 5 },
      { header: '村（社区）\n网格', keys: ['village', 'grid'], width: 10 },
      { header: '户号\n与户主关系', keys: ['householdNumber', 'relation'], width: 19 },
      { header: '姓名\n曾用名', keys: ['name', 'formerName'], width: 7 },
      { header: '公民身份号码\n联系电话', keys: ['idNumber', 'phone'], width: 18 },
      { header: '性别\n民族', keys: ['sex', 'ethnicity'], width: 5 },
      { header: '出生日期\n年龄', keys: ['birthDate', 'age'], width: 11 },
      { header: '籍贯', keys: ['nativePlace'], width: 8, align: 'left' },
      { header: '婚姻状况\n政治面貌', keys: ['marital', 'political'], width: 9 },
      { header: '学历\n职业', keys: ['education', 'occupation'], width: 10 },
      { header: '户籍地址\n现住址', keys: ['registeredAddress', 'currentAddress'], width: 16, align: 'left' },
      { header: '人口类别\n流入原因', keys: ['residenceKind', 'inflowReason'], width: 9 },
      { header: '办证类型\n证件号码', keys: ['certificateType', 'certificateNumber'], width: 13 },
      { header: '户标签\n重点关注', keys: ['tags', 'keyConcern'], width: 10, align: 'left' },
      { header: '状态\n离开日期', keys: ['status', 'leftOn'], width: 11 },
    ],
  },
});

export type LedgerKeys<D> = D extends { columns: readonly (infer C)[] } ? (C extends LedgerColumn<infer K> ? K : never) : never;

export const LEDGERS: Record<LedgerId, LedgerDefinition> = {
  released: RELEASED_LEDGER,
  patient: PATIENT_LEDGER,
  lowIncome: LOW_INCOME_LEDGER,
  staff: STAFF_LEDGER,
  residents: RESIDENTS_LEDGER,
};
