// 一人一卡 档案卡 (reports.md "PDF documents"): one A4 page per key-group person — the photo box (the stored photo or
// an empty box 照片), the base record, the group's own items, the 帮教小组 / 监护人 and 关爱帮扶小组 / 保障对象, the last
// records and the next due date. One card, one village, or a whole group in one PDF; read on the caller's scoped
// connection through the ledgers' own services, so a village-scoped caller never prints another village's card.
//
// Decisions:
// - A 低保 card is the household's: its base record is the 户主's (as the ledger names the head), its members listed.
// - By residentId: every ledger the person is on (a 低保 household where they are a member), or only `group`'s.
// - A group prints its entries still on the ledger (the list's default), in the list's order (village, grid, name).
// - So that every card stays on one page, a card shows the last RECORDS records, TEAM members and MEMBERS household
//   members, and cuts a record's content at CONTENT characters (the ledger holds the whole text).
// - Margins are narrower than GB/T 9704's letter geometry: the card is a form, not a 公文.
import { and, eq, isNull } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { LedgerName } from '../../../shared/contract/records';
import { recordKindLabels } from '../../../shared/contract/records';
import type { TeamMemberRow } from '../../../shared/contract/entry';
import {
  careTeamRoleTable, diagnosisTable, extremePovertySupportTable, handoverTable, helpTeamRoleTable, lowIncomeAreaTable, lowIncomeClassTable,
  originalCrimeTable, placementTable, releasedClassTable, treatmentTable,
} from '../../../shared/codes/ledger';
import { educationTable, ethnicityTable, maritalTable, politicalTable, relationTable, sexTable } from '../../../shared/codes/person';
import { labelOf, type CodeTable } from '../../../shared/codes/table';
import { chineseDate } from '../../../shared/rules/dates';
import type { ServiceContext } from '../context';
import { lowIncomeMember, patient, releasedPerson, resident, village } from '../db/schema';
import { AppError, notFound, validationError } from '../errors';
import { guardOf } from '../files/safeOutput';
import { getLowIncome, queryLowIncome } from '../ledgers/lowIncome/service';
import { getPatient, queryPatients } from '../ledgers/patient/service';
import { getReleased, queryReleased } from '../ledgers/released/service';
import { PDF_FONT, pdfBuffer, writeBuffer } from '../pdf/render';
import { getPhoto } from '../people/photo';
import { getPerson } from '../people/service';
import { listRecords } from '../records/records';
import { requireTown } from '../town/service';

export type CardInput = ChannelParsed<'report.card'>;
const RECORDS = 5;
const TEAM = 5;
const MEMBERS = 7;
const CONTENT = 44;

export const GROUP_TITLES: Record<LedgerName, string> = { released: '刑满释放人员', patient: '严重精神障碍患者', lowIncome: '最低生活保障对象' };
const GROUP_WORDS: Record<LedgerName, string> = { released: '安置帮教', patient: '严重精神障碍患者', lowIncome: '低保户' };

type Pair = [label: string, value: string];

/** What one card shows, gathered before any layout. */
export interface CardData {
  group: LedgerName;
  entryId: number;
  residentId: number;
  name: string;
  villageName: string;
  gridName: string;
  status: string;
  base: Pair[];
  items: Pair[];
  /** 帮教小组 / 监护人及关爱帮扶小组 / 保障对象: a titled table each (no head: one line after its title). */
  people: { title: string; head: string[]; rows: string[][] }[];
  records: { date: string; kind: string; method: string; content: string }[];
  nextDue: string;
  photo: string | null;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
const date = (d: string | null | undefined) => (d ? d : '—');
const or = (s: string | null | undefined) => (s && s.trim() ? s : '—');

function cancelIfAsked(ctx: ServiceContext): void {
  if (ctx.signal?.aborted) throw new AppError('CANCELLED', '已取消生成档案卡，没有生成任何文件');
}

/** A village named by its code, on the caller's scoped connection. */
export function villageByCode(ctx: ServiceContext, code: string): { id: number; name: string } {
  const v = ctx.ledger.db.select({ id: village.id, name: village.name }).from(village).where(eq(village.code, code)).get();
  if (!v) throw validationError(`找不到村（社区）代码 ${code}`, [{ path: ['village'], message: '找不到该村（社区）' }]);
  return v;
}

/** The entries the input names, as (group, entryId) in print order. */
export function selectEntries(ctx: ServiceContext, input: CardInput): { group: LedgerName; entryId: number }[] {
  const db = ctx.ledger.db;
  if (input.residentId !== undefined) {
    const person = db.select({ id: resident.id, name: resident.name }).from(resident).where(eq(resident.id, input.residentId)).get();
    if (!person) throw notFound(`找不到编号为 ${input.residentId} 的居民`);
    const found: { group: LedgerName; entryId: number }[] = [];
    const want = (g: LedgerName) => input.group === undefined || input.group === g;
    if (want('released')) {
      for (const r of db.select({ id: releasedPerson.id }).from(releasedPerson).where(and(eq(releasedPerson.residentId, person.id), isNull(releasedPerson.voidedOn))).all()) found.push({ group: 'released', entryId: r.id });
    }
    if (want('patient')) {
      for (const r of db.select({ id: patient.id }).from(patient).where(and(eq(patient.residentId, person.id), isNull(patient.voidedOn))).all()) found.push({ group: 'patient', entryId: r.id });
    }
    if (want('lowIncome')) {
      const mine = new Set(db.select({ id: lowIncomeMember.lowIncomeId }).from(lowIncomeMember).where(eq(lowIncomeMember.residentId, person.id)).all().map((m) => m.id));
      for (const r of queryLowIncome(ctx, { query: '', status: '全部' })) if (mine.has(r.id) || r.headId === person.id) found.push({ group: 'lowIncome', entryId: r.id });
    }
    if (!found.length) {
      const where = input.group ? `${GROUP_WORDS[input.group]}台账` : '任何重点人群台账';
      throw validationError(`「${person.name}」不在${where}中，没有可打印的档案卡`, [{ path: ['residentId'], message: '该居民不在重点人群台账中' }]);
    }
    return found;
  }
  const group = input.group!;
  if (input.entryId !== undefined) return [{ group, entryId: input.entryId }];
  const v = input.village ? villageByCode(ctx, input.village) : null;
  const filter = { query: '', ...(v ? { villageId: v.id } : {}) };
  const ids = group === 'released' ? queryReleased(ctx, filter).map((r) => r.id) : group === 'patient' ? queryPatients(ctx, filter).map((r) => r.id) : queryLowIncome(ctx, filter).map((r) => r.id);
  if (!ids.length) {
    throw validationError(`${v ? v.name : '全镇'}没有在册的${GROUP_WORDS[group]}对象，没有可打印的档案卡`, [{ path: ['group'], message: '该范围内没有人员' }]);
  }
  return ids.map((entryId) => ({ group, entryId }));
}

function baseRecord(ctx: ServiceContext, residentId: number): { name: string; base: Pair[] } {
  const p = getPerson(ctx, residentId);
  return {
    name: p.name,
    base: [
      ['姓名', p.name], ['性别', labelOf(sexTable, p.sex)],
      ['公民身份号码', p.idNumber], ['出生日期', p.birthDate],
      ['民族', or(labelOf(ethnicityTable, p.ethnicity))], ['政治面貌', or(labelOf(politicalTable, p.political))],
      ['文化程度', or(labelOf(educationTable, p.education))], ['婚姻状况', or(labelOf(maritalTable, p.marital))],
      ['联系电话', or(p.phone)], ['户号', or(p.household?.number)],
      ['与户主关系', or(labelOf(relationTable, p.relation))], ['职业', or(p.occupation)],
      ['户籍地址', or(p.registeredAddress)], ['现住址', or(p.currentAddress)],
    ],
  };
}

function teamTable(title: string, members: TeamMemberRow[], roles: CodeTable) {
  const current = members.filter((m) => !m.toDate);
  return {
    title,
    head: ['职务', '姓名', '联系电话', '加入日期'],
    rows: current.length
      ? [
          ...current.slice(0, TEAM - (current.length > TEAM ? 1 : 0)).map((m) => [labelOf(roles, m.role), m.name, or(m.phone), date(m.fromDate)]),
          ...(current.length > TEAM ? [[`另有 ${current.length - TEAM + 1} 人`, '（见台账）', '', '']] : []),
        ]
      : [['（未配备）', '', '', '']],
  };
}

function dueText(d: { kind: string; dueDate: string; state: string | null; daysLate: number } | null): string {
  if (!d) return '无待办事项';
  const late = d.state === '逾期' ? `（已逾期 ${d.daysLate} 天）` : d.state ? `（${d.state}）` : '';
  return `${d.kind}：${d.dueDate}${late}`;
}

/** The 户主 of every 低保 entry the caller sees, read once per batch (the entry's detail does not name the head). */
export function lowIncomeHeads(ctx: ServiceContext): Map<number, number | null> {
  return new Map(queryLowIncome(ctx, { query: '', status: '全部' }).map((r) => [r.id, r.headId]));
}

export function cardData(ctx: ServiceContext, group: LedgerName, entryId: number, heads?: Map<number, number | null>): CardData {
  const records = listRecords(ctx, { ledger: group, entryId })
    .slice(0, RECORDS)
    .map((r) => ({ date: r.date, kind: recordKindLabels[r.kind], method: r.method, content: cut(r.content.replace(/\s+/g, ' '), CONTENT) || '—' }));
  if (group === 'released') {
    const e = getReleased(ctx, entryId);
    const { name, base } = baseRecord(ctx, e.residentId);
    return {
      group, entryId, residentId: e.residentId, name, villageName: or(e.villageName), gridName: or(e.gridName), status: `${e.status}（${e.statusSince} 起）`, base,
      items: [
        ['原罪名', or(labelOf(originalCrimeTable, e.crime))], ['原判刑期', or(e.sentence)],
        ['服刑场所', or(e.prison)], ['释放日期', e.releaseDate],
        ['帮教期满', e.termEnd], ['帮教分类', labelOf(releasedClassTable, e.class)],
        ['衔接', e.handoverOn ? `${e.handoverOn} ${labelOf(handoverTable, e.handoverCode)}` : '未衔接'], ['报到日期', date(e.reportedOn)],
        ['帮教协议', e.agreementSignedOn ? `${e.agreementSignedOn} 签订` : '未签订'],
        ['安置情况', e.placed ? `${labelOf(placementTable, e.placementCode)}（${date(e.placedOn)}）` : `未安置${e.unplacedReason ? `：${e.unplacedReason}` : ''}`],
        ['是否累犯', e.recidivist ? '是' : '否'], ['重新犯罪', e.reoffendOn ? `${e.reoffendOn} ${e.reoffendCrime}` : '无'],
      ],
      people: [teamTable('帮教小组', e.team, helpTeamRoleTable)],
      records, nextDue: dueText(e.nextDue), photo: photoOf(ctx, e.residentId),
    };
  }
  if (group === 'patient') {
    const e = getPatient(ctx, entryId);
    const { name, base } = baseRecord(ctx, e.residentId);
    return {
      group, entryId, residentId: e.residentId, name, villageName: or(e.villageName), gridName: or(e.gridName), status: `${e.status}（${e.statusSince} 起）`, base,
      items: [
        ['目前诊断', labelOf(diagnosisTable, e.diagnosis)], ['危险性评估', `${e.risk} 级${e.riskAssessedOn ? `（${e.riskAssessedOn}）` : ''}`],
        ['治疗情况', or(labelOf(treatmentTable, e.treatment))], ['治疗医院', or(e.hospital)],
        ['建档日期', e.registeredOn], ['初次发病', date(e.firstOnsetOn)],
        ['肇事肇祸', `${e.priorIncidentCount + e.incidentCount} 次${e.lastIncidentOn ?? e.priorLastIncidentOn ? `，最近 ${e.lastIncidentOn ?? e.priorLastIncidentOn}` : ''}`],
        ['以奖代补', e.awardEligible ? (e.awardAgreementSignedOn ? `对象，${e.awardAgreementSignedOn} 签责任书` : '对象，未签责任书') : '否'],
        ['最近随访', e.lastFollowUpOn ? `${e.lastFollowUpOn}${e.lastFollowUpClass ? `（${e.lastFollowUpClass}）` : ''}` : '无'], ['', ''],
      ],
      people: [
        // One line: 监护人 | name | relation | phone (a full card must still fit its page).
        { title: '监护人', head: [], rows: [[or(e.guardianName), `与患者关系：${or(labelOf(relationTable, e.guardianRelation))}`, or(e.guardianPhone)]] },
        teamTable('关爱帮扶小组', e.team, careTeamRoleTable),
      ],
      records, nextDue: dueText(e.nextDue), photo: photoOf(ctx, e.residentId),
    };
  }
  const e = getLowIncome(ctx, entryId);
  const headId = (heads ?? lowIncomeHeads(ctx)).get(entryId) ?? e.members.find((m) => m.covered)?.residentId ?? e.members[0]?.residentId;
  if (headId === undefined) throw notFound(`低保户（编号 ${entryId}）没有家庭成员，无法生成档案卡`);
  const { name, base } = baseRecord(ctx, headId);
  return {
    group, entryId, residentId: headId, name, villageName: or(e.villageName), gridName: or(e.gridName), status: e.status, base,
    items: [
      ['低保证号', or(e.certificateNumber)], ['低保类别', labelOf(lowIncomeAreaTable, e.area)],
      ['低保分类', labelOf(lowIncomeClassTable, e.class)], ['月保障金额', `${e.monthlyAmount.toFixed(2)} 元`],
      ['保障人数', `${e.coveredCount} 人`], ['确认日期', e.confirmedOn],
      ['特困供养', or(labelOf(extremePovertySupportTable, e.extremePoverty))], ['最近复核', date(e.lastReviewOn)],
      ['公示期', e.publicityFrom ? `${e.publicityFrom} 至 ${date(e.publicityTo)}` : '—'], ['家庭住址', or(e.address)],
    ],
    people: [{
      title: '家庭成员（保障对象）',
      head: ['姓名', '与户主关系', '公民身份号码', '是否保障'],
      rows: [
        ...e.members.slice(0, MEMBERS - (e.members.length > MEMBERS ? 1 : 0)).map((m) => [m.name, or(labelOf(relationTable, m.relation)), m.idNumber, m.covered ? '是' : '否']),
        ...(e.members.length > MEMBERS ? [[`另有 ${e.members.length - MEMBERS + 1} 人`, '（见台账）', '', '']] : []),
      ],
    }],
    records, nextDue: dueText(e.nextDue), photo: photoOf(ctx, headId),
  };
}

function photoOf(ctx: ServiceContext, residentId: number): string | null {
  const p = getPhoto(ctx, residentId);
  return p ? `data:${p.mime};base64,${p.base64}` : null;
}

// ───────────────────────────────────────────── layout

const label = (text: string) => ({ text, bold: true, fillColor: '#f2f2f2', alignment: 'center' });
const section = (text: string) => ({ text, font: PDF_FONT.title, bold: true, fontSize: 12, margin: [0, 5, 0, 2] });

function pairRows(pairs: Pair[]): Record<string, unknown>[][] {
  const rows: Record<string, unknown>[][] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [a, b] = [pairs[i]!, pairs[i + 1] ?? ['', '']];
    rows.push([label(a[0]), { text: a[1] }, b[0] ? label(b[0]) : { text: '' }, { text: b[1] }]);
  }
  return rows;
}

/** The base record beside the photo box: the box spans the first five rows. */
function baseTable(card: CardData): Record<string, unknown> {
  const rows = pairRows(card.base).map((r) => [...r, {}]);
  const photo = card.photo
    ? { image: card.photo, fit: [78, 104], alignment: 'center', rowSpan: 5 }
    : { text: '照片', color: '#888888', alignment: 'center', margin: [0, 42, 0, 0], rowSpan: 5 };
  rows[0]![4] = photo;
  // The last two rows (addresses) run under the photo too.
  for (const r of rows.slice(5)) {
    r[3] = { ...(r[3] as object), colSpan: 2 };
  }
  return { table: { widths: [62, '*', 62, '*', 86], body: rows, heights: (i: number) => (i < 5 ? 21 : 16) }, layout: cellPadding };
}

const cellPadding = { paddingTop: () => 2, paddingBottom: () => 2, paddingLeft: () => 4, paddingRight: () => 4 };

export function cardContent(card: CardData, townName: string, first: boolean): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [
    {
      text: `${townName}${GROUP_TITLES[card.group]}档案卡`, font: PDF_FONT.title, bold: true, fontSize: 17, alignment: 'center', margin: [0, 0, 0, 6],
      ...(first ? {} : { pageBreak: 'before' }),
    },
    {
      columns: [
        { text: `村（社区）：${card.villageName}`, width: 'auto' },
        { text: `网格：${card.gridName}`, width: '*', alignment: 'center' },
        { text: `状态：${card.status}`, width: 'auto', alignment: 'right' },
      ],
      margin: [0, 0, 0, 2],
    },
    // The next due date at the top, where staff look first (and where a full card never pushes it off the page).
    { text: [{ text: '下次到期：', bold: true }, card.nextDue], fontSize: 10.5, margin: [0, 0, 0, 2] },
    section('一、基本信息'),
    baseTable(card),
    section(`二、${GROUP_WORDS[card.group]}信息`),
    { table: { widths: [62, '*', 62, '*'], body: pairRows(card.items) }, layout: cellPadding },
  ];
  const peopleTitle = card.people.map((p) => p.title).join('及');
  blocks.push(section(`三、${peopleTitle}`));
  for (const p of card.people) {
    const widths = [80, 80, '*', 80];
    const body = p.head.length
      ? [[{ text: p.title, bold: true, colSpan: 4, fillColor: '#e8e8e8' }, {}, {}, {}], p.head.map((h) => label(h)), ...p.rows.map((r) => r.map((c) => ({ text: c })))]
      : p.rows.map((r) => [{ ...label(p.title), fillColor: '#e8e8e8' }, ...r.map((c) => ({ text: c }))]);
    blocks.push({ table: { widths, body }, layout: cellPadding, margin: [0, 0, 0, 4] });
  }
  blocks.push(section('四、最近记录'));
  blocks.push({
    table: {
      widths: [58, 50, 30, '*'],
      body: [
        [label('日期'), label('类别'), label('方式'), label('内容')],
        ...(card.records.length ? card.records.map((r) => [r.date, r.kind, r.method, r.content].map((t) => ({ text: t }))) : [[{ text: '暂无记录', colSpan: 4, alignment: 'center', color: '#888888' }, {}, {}, {}]]),
      ],
    },
    layout: cellPadding,
  });
  return blocks;
}

export function cardsDocument(cards: CardData[], townName: string, generatedAt: Date): Record<string, unknown> {
  const day = generatedAt.toISOString().slice(0, 10);
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [48, 36, 48, 40],
    defaultStyle: { font: PDF_FONT.body, fontSize: 9 },
    info: { title: `${townName}重点人群档案卡`, creator: '乡镇综治台账', producer: '乡镇综治台账', creationDate: generatedAt },
    footer: (current: number, count: number) => ({
      columns: [{ text: `打印日期：${chineseDate(day)}`, alignment: 'left' }, { text: `第 ${current} 页 共 ${count} 页`, alignment: 'right' }],
      margin: [48, 12, 48, 0], fontSize: 8, color: '#555555',
    }),
    content: cards.flatMap((c, i) => cardContent(c, townName, i === 0)),
  };
}

/** A 'YYYY-MM-DD' (taken as that day at 00:00 UTC) or a full ISO time. */
export function generationDate(generatedAt: string | Date): Date {
  if (generatedAt instanceof Date) return generatedAt;
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(generatedAt) ? `${generatedAt}T00:00:00Z` : generatedAt);
}

/** The cards the input names as PDF bytes, and who is on them. */
export async function archiveCardsPdf(ctx: ServiceContext, input: Omit<CardInput, 'path'>, generatedAt: string | Date): Promise<{ buffer: Buffer; names: string[] }> {
  const town = requireTown(ctx);
  const entries = selectEntries(ctx, { ...input, path: '' } as CardInput);
  const cards: CardData[] = [];
  const heads = entries.some((e) => e.group === 'lowIncome') ? lowIncomeHeads(ctx) : undefined;
  for (const [i, e] of entries.entries()) {
    cancelIfAsked(ctx);
    if (i % 20 === 0) ctx.progress?.(i, entries.length + 1, '读取档案');
    cards.push(cardData(ctx, e.group, e.entryId, heads));
  }
  ctx.progress?.(entries.length, entries.length + 1, '排版 PDF');
  const buffer = await pdfBuffer(cardsDocument(cards, town.name, generationDate(generatedAt)));
  cancelIfAsked(ctx);
  return { buffer, names: cards.map((c) => c.name) };
}

/** For the monthly package and report.card: the archive cards written to input.path. */
export async function writeArchiveCards(ctx: ServiceContext, input: CardInput, generatedAt: string | Date): Promise<{ path: string; pages: number; names: string[] }> {
  const { buffer, names } = await archiveCardsPdf(ctx, input, generatedAt);
  await writeBuffer(input.path, buffer, guardOf(ctx));
  ctx.progress?.(names.length + 1, names.length + 1, '完成');
  return { path: input.path, pages: names.length, names };
}
