// From a letter.write input to the letters themselves: the kind's template (the town's text or the default),
// each target's fields read from the data (scoped: a caller sees only their villages), the template filled.
// One letter per 村/社区 (grid), per 帮教对象 (released), per patient (guardian) or per 商户 (frontage).
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { relationTable } from '../../../shared/codes/person';
import { helpTeamRoleTable, PATIENT_ON_REGISTER, RELEASED_ON_REGISTER } from '../../../shared/codes/ledger';
import { staffRoleTable } from '../../../shared/codes/grid';
import { labelOf } from '../../../shared/codes/table';
import type { LetterWriteInput } from '../../../shared/contract/letters';
import { DEFAULT_LETTER_TEMPLATES, fillTemplate, LETTER_KIND_INFO, letterDate, type LetterKind, type LetterTemplateText } from '../../../shared/letters/templates';
import { releasedTermEnd } from '../../../shared/rules/ledgerRules';
import type { ServiceContext } from '../context';
import { grid, household, letterTemplate, patient, releasedPerson, resident, staff, staffGrid, teamMember, town, village } from '../db/schema';
import { notFound, validationError } from '../errors';
import { getRules } from '../rules/service';

/** One letter ready to lay out: its title, its paragraphs (fields filled) and the two parties' names. */
export interface Letter {
  kind: LetterKind;
  title: string;
  paragraphs: string[];
  partyA: string;
  partyB: string;
  /** 签订日期 as written (2026年12月2日). */
  date: string;
}

export function templateOf(ctx: ServiceContext, kind: LetterKind): LetterTemplateText & { edited: boolean; updatedAt: string | null } {
  const stored = ctx.ledger.db.select().from(letterTemplate).where(eq(letterTemplate.kind, kind)).get();
  if (stored) return { title: stored.title, body: stored.body, edited: true, updatedAt: stored.updatedAt };
  return { ...DEFAULT_LETTER_TEMPLATES[kind], edited: false, updatedAt: null };
}

function townName(ctx: ServiceContext): string {
  const row = ctx.ledger.db.select({ name: town.name }).from(town).get();
  if (!row) throw validationError('请先在「首页」完成本镇的设置（镇名和区划代码），再生成文书');
  return row.name;
}

const committee = (type: string) => (type === '社区' ? '居民委员会' : '村民委员会');

/** The village a resident belongs to: their grid's, or their household's grid's (as the scope places them). */
function villageOfResident(ctx: ServiceContext, residentId: number): { name: string; type: string } | null {
  const r = ctx.ledger.db.select({ gridId: resident.gridId, householdId: resident.householdId }).from(resident).where(eq(resident.id, residentId)).get();
  if (!r) return null;
  let gridId = r.gridId;
  if (gridId === null && r.householdId !== null) gridId = ctx.ledger.db.select({ gridId: household.gridId }).from(household).where(eq(household.id, r.householdId)).get()?.gridId ?? null;
  if (gridId === null) return null;
  return ctx.ledger.db.select({ name: village.name, type: village.type }).from(grid).innerJoin(village, eq(village.id, grid.villageId)).where(eq(grid.id, gridId)).get() ?? null;
}

function requireTargets(input: LetterWriteInput): number[] | 'all' {
  if (input.all) return 'all';
  if (input.ids && input.ids.length > 0) return [...new Set(input.ids)];
  const what = { grid: '村（社区）', released: '帮教对象', guardian: '患者', frontage: '商户' }[input.kind];
  throw validationError(`请选择要生成文书的${what}`, [{ path: ['ids'], message: `请选择${what}` }]);
}

function gridLetters(ctx: ServiceContext, input: LetterWriteInput, common: Record<string, string>): Record<string, string>[] {
  const targets = requireTargets(input);
  const villages = ctx.ledger.db
    .select()
    .from(village)
    .where(targets === 'all' ? undefined : inArray(village.id, targets))
    .orderBy(asc(village.code))
    .all();
  if (targets !== 'all') {
    const missing = targets.filter((id) => !villages.some((v) => v.id === id));
    if (missing.length) throw notFound(`没有编号为 ${missing.join('、')} 的村（社区）`);
  }
  if (villages.length === 0) throw validationError('还没有村（社区），无法生成网格化服务管理责任书');
  const date = input.date ?? ctx.today();
  return villages.map((v) => {
    const grids = ctx.ledger.db.select().from(grid).where(and(eq(grid.villageId, v.id), isNull(grid.closedOn))).orderBy(asc(grid.code)).all();
    const people = new Set<number>();
    const lines = grids.map((g, i) => {
      const members = ctx.ledger.db
        .select({ id: staff.id, name: staff.name, role: staff.role, endDate: staff.endDate })
        .from(staffGrid)
        .innerJoin(staff, eq(staff.id, staffGrid.staffId))
        .where(eq(staffGrid.gridId, g.id))
        .orderBy(asc(staff.role), asc(staff.id))
        .all()
        .filter((s) => s.endDate === null || s.endDate > date);
      for (const m of members) people.add(m.id);
      const staffText = members.length ? members.map((m) => `${labelOf(staffRoleTable, m.role)}${m.name}`).join('，') : '尚未配备网格员';
      return `${i + 1}. ${g.name}（${g.code}，${g.kind}）：${staffText}`;
    });
    return {
      ...common,
      甲方: `${common.镇名}人民政府`,
      乙方: `${v.name}${committee(v.type)}`,
      村名: v.name,
      网格数: String(grids.length),
      网格员人数: String(people.size),
      网格列表: lines.length ? lines.join('\n') : '（暂无在用网格）',
    };
  });
}

function releasedLetters(ctx: ServiceContext, input: LetterWriteInput, common: Record<string, string>): Record<string, string>[] {
  const targets = requireTargets(input);
  const rules = getRules(ctx);
  const rows = ctx.ledger.db
    .select({ entry: releasedPerson, person: resident })
    .from(releasedPerson)
    .innerJoin(resident, eq(resident.id, releasedPerson.residentId))
    .where(
      targets === 'all'
        ? and(isNull(releasedPerson.voidedOn), inArray(releasedPerson.status, [...RELEASED_ON_REGISTER]))
        : and(inArray(releasedPerson.id, targets), isNull(releasedPerson.voidedOn)),
    )
    .orderBy(asc(releasedPerson.id))
    .all();
  if (targets !== 'all') {
    const missing = targets.filter((id) => !rows.some((r) => r.entry.id === id));
    if (missing.length) throw notFound(`安置帮教台账中没有编号为 ${missing.join('、')} 的帮教对象`);
  }
  if (rows.length === 0) throw validationError('没有在册的帮教对象，无法生成安置帮教协议书');
  return rows.map(({ entry, person }) => {
    const team = ctx.ledger.db
      .select()
      .from(teamMember)
      .where(and(eq(teamMember.ledger, 'released'), eq(teamMember.entryId, entry.id), isNull(teamMember.toDate)))
      .orderBy(asc(teamMember.role), asc(teamMember.id))
      .all();
    const v = villageOfResident(ctx, person.id);
    const leader = team.find((m) => m.role === '01');
    return {
      ...common,
      甲方: `${v ? v.name : common.镇名!}安置帮教小组`,
      乙方: person.name,
      村名: v?.name ?? '',
      帮教对象: person.name,
      身份证号: person.idNumber,
      住址: person.currentAddress || person.registeredAddress || '（未登记）',
      释放日期: letterDate(entry.releaseDate),
      帮教期满: letterDate(releasedTermEnd(entry.releaseDate, entry.endedInCorrection, rules)),
      帮教小组: team.length ? team.map((m) => `${labelOf(helpTeamRoleTable, m.role)}：${m.name}${m.phone ? `（电话 ${m.phone}）` : ''}`).join('\n') : '（尚未组建帮教小组）',
      组长: leader?.name ?? '',
    };
  });
}

function guardianLetters(ctx: ServiceContext, input: LetterWriteInput, common: Record<string, string>): Record<string, string>[] {
  const targets = requireTargets(input);
  let rows = ctx.ledger.db
    .select({ entry: patient, person: resident })
    .from(patient)
    .innerJoin(resident, eq(resident.id, patient.residentId))
    .where(
      targets === 'all'
        ? and(isNull(patient.voidedOn), inArray(patient.status, [...PATIENT_ON_REGISTER]))
        : and(inArray(patient.id, targets), isNull(patient.voidedOn)),
    )
    .orderBy(asc(patient.id))
    .all();
  if (targets !== 'all') {
    const missing = targets.filter((id) => !rows.some((r) => r.entry.id === id));
    if (missing.length) throw notFound(`严重精神障碍患者台账中没有编号为 ${missing.join('、')} 的患者`);
    const without = rows.filter((r) => !r.entry.guardianName.trim());
    if (without.length) throw validationError(`${without.map((r) => r.person.name).join('、')}没有登记监护人，请先在患者台账中填写监护人，再生成监护人看护管理责任书`);
  } else {
    // A batch covers the patients who have a guardian on record; those without one have no one to sign.
    rows = rows.filter((r) => r.entry.guardianName.trim());
  }
  if (rows.length === 0) throw validationError('没有登记了监护人的在册患者，无法生成监护人看护管理责任书');
  return rows.map(({ entry, person }) => {
    const v = villageOfResident(ctx, person.id);
    return {
      ...common,
      甲方: `${common.镇名}综治中心`,
      乙方: entry.guardianName,
      村名: v?.name ?? '',
      患者: person.name,
      身份证号: person.idNumber,
      住址: person.currentAddress || person.registeredAddress || '（未登记）',
      监护人: entry.guardianName,
      监护人电话: entry.guardianPhone || '（未登记）',
      与患者关系: labelOf(relationTable, entry.guardianRelation) || '（未登记）',
    };
  });
}

function frontageLetters(ctx: ServiceContext, input: LetterWriteInput, common: Record<string, string>): Record<string, string>[] {
  const parties = input.parties ?? [];
  if (parties.length === 0) throw validationError('请填写沿街单位或商户（名称、地址、负责人）', [{ path: ['parties'], message: '请至少填写一个商户' }]);
  return parties.map((p, i) => {
    let partyA = `${common.镇名}人民政府`;
    if (p.villageId !== null && p.villageId !== undefined) {
      const v = ctx.ledger.db.select().from(village).where(eq(village.id, p.villageId)).get();
      if (!v) throw notFound(`第 ${i + 1} 个商户「${p.name}」所选的村（社区）不存在`);
      partyA = `${v.name}${committee(v.type)}`;
    }
    return { ...common, 甲方: partyA, 乙方: p.name, 商户名称: p.name, 商户地址: p.address, 负责人: p.person };
  });
}

/** The letters of one letter.write, in order. */
export function buildLetters(ctx: ServiceContext, input: LetterWriteInput): Letter[] {
  const date = input.date ?? ctx.today();
  const common: Record<string, string> = { 镇名: townName(ctx), 签订日期: letterDate(date), 年度: date.slice(0, 4) };
  const values = { grid: gridLetters, released: releasedLetters, guardian: guardianLetters, frontage: frontageLetters }[input.kind](ctx, input, common);
  const template = templateOf(ctx, input.kind);
  return values.map((v) => ({
    kind: input.kind,
    title: fillTemplate(template.title, v),
    paragraphs: fillTemplate(template.body, v)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
    partyA: v.甲方!,
    partyB: v.乙方!,
    date: v.签订日期!,
  }));
}

export const kindInfo = (kind: LetterKind) => LETTER_KIND_INFO[kind];
