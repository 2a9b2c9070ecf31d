// Code tables of the key-group ledgers: 刑满释放人员 (安置帮教), 严重精神障碍患者, 低保 (domain.md Part 1, Part 2 §1.4,
// §1.5, §3.4, §4). Where a standard or a national form gives codes, those are stored. Where nothing gives codes (statuses,
// 城市/农村, 复核结果, record methods …) the Chinese word itself is the code, as in grid.ts: it reads the same in the
// database, in exports and on screen, and no one has to remember a private numbering.
import { CRIMES, CRIME_CHAPTERS } from './crimes';
import { defineTable } from './table';

type Row = readonly [string, string, ...string[]];

/** A table whose codes are the labels themselves. */
function wordRows(words: readonly string[]): Row[] {
  return words.map((w) => [w, w] as const);
}

// ---------------------------------------------------------------- 刑满释放人员

/** 原罪名 (罪名类别, one per 刑法分则 chapter), GB/T 31000 as implemented by 综治 platforms. */
/**
 * 原罪名: the ten chapter headings (GB/T 31000, what older ledgers hold) and the crimes under them (codes.crimes.ts),
 * each crime also accepted without its final 罪.
 */
export const originalCrimeTable = defineTable('originalCrime', '原罪名', 'GB/T 31000、刑法分则', [
  ...CRIME_CHAPTERS.map(([code, label]) => (code === '04' ? [code, label, '侵犯公民人身权利民主权利罪'] as const : [code, label] as const)),
  ...CRIMES.map((c): Row => {
    const short = c.label.replace(/罪$/, '');
    // resolveCode reads full-width brackets as ASCII ones: 偷越国（边）境罪 is also found as typed.
    const ascii = [c.label, short].filter((t) => /[（）]/.test(t)).map((t) => t.replace(/（/g, '(').replace(/）/g, ')'));
    return [c.code, c.label, short, ...ascii];
  }),
]);

export const handoverTable = defineTable('handover', '衔接情况', 'GB/T 31000', [
  ['01', '基层政府接回'],
  ['02', '监所送回原籍'],
  ['03', '司法所接回'],
  ['04', '公安机关落实管控措施'],
  ['05', '基层组织接回'],
  ['06', '人员自返', '自返'],
  ['99', '其他衔接情况', '其他'],
]);

export const placementTable = defineTable('placement', '安置情况', 'GB/T 31000', [
  ['01', '落实责任田'],
  ['02', '公益性岗位安置'],
  ['03', '企业认证为安置基地安置'],
  ['04', '建设政府投入为主的安置基地安置'],
  ['05', '从事个体经营', '个体经营'],
  ['06', '企业和经济实体吸纳就业'],
  ['07', '自主创业'],
  ['99', '其他安置方式', '其他'],
]);

/** 分类帮教. Codes are English words because the settings (visit cycles) are keyed by them. */
export const RELEASED_CLASSES = ['key', 'general', 'loose'] as const;
export type ReleasedClass = (typeof RELEASED_CLASSES)[number];
export const releasedClassTable = defineTable('releasedClass', '帮教分类', undefined, [
  ['key', '重点', '重点帮教', '重点帮教对象', '重点帮教人员'],
  ['general', '一般', '一般帮教', '一般帮教对象', '一般帮教人员'],
  ['loose', '宽松', '宽松帮教', '宽松帮教对象'],
]);

/** GB/T 31000 危险性评估类型 is binary; exports map 重点 → 01 and 一般, 宽松 → 02 (domain.md Part 1). */
export const riskAssessmentTypeTable = defineTable('riskAssessmentType', '危险性评估类型', 'GB/T 31000', [
  ['01', '重点帮教人员', '重点帮教对象', '重点'],
  ['02', '一般帮教人员', '一般帮教对象', '一般'],
]);
export const RELEASED_CLASS_TO_GB: Readonly<Record<ReleasedClass, '01' | '02'>> = { key: '01', general: '02', loose: '02' };

export const RELEASED_STATUSES = ['待衔接', '在册帮教', '脱管', '期满解除', '重新犯罪', '死亡', '迁出'] as const;
export type ReleasedStatus = (typeof RELEASED_STATUSES)[number];
export const releasedStatusTable = defineTable('releasedStatus', '帮教状态', undefined, wordRows(RELEASED_STATUSES));

/** Statuses that count as 在册 (on the register) in T1: a 脱管 person is still on the register, only out of touch. */
export const RELEASED_ON_REGISTER: readonly ReleasedStatus[] = ['在册帮教', '脱管'];

/** Members of a 帮教小组. 组长 is a role of its own because the 协议书 names who leads the group. */
export const helpTeamRoleTable = defineTable('helpTeamRole', '帮教小组职务', undefined, [
  ['01', '组长'],
  ['02', '司法所工作人员', '司法所'],
  ['03', '网格员'],
  ['04', '村（居）委会成员', '村(居)委会成员', '村委会成员', '居委会成员'],
  ['05', '派出所民警', '民警'],
  ['06', '家庭成员', '家属'],
  ['07', '社会工作者', '社工'],
  ['08', '志愿者'],
  ['99', '其他'],
]);

// ---------------------------------------------------------------- 严重精神障碍患者

export const diagnosisTable = defineTable('diagnosis', '目前诊断类型', 'GB/T 31000', [
  ['01', '精神分裂症'],
  ['02', '分裂情感性障碍'],
  ['03', '持久的妄想性障碍（偏执性精神病）', '持久的妄想性障碍', '偏执性精神病'],
  ['04', '双相（情感）障碍', '双相情感障碍', '双相障碍'],
  ['05', '癫痫所致精神障碍'],
  ['06', '精神发育迟滞伴发精神障碍'],
  ['07', '重度抑郁发作'],
  ['08', '精神活性物质所致精神障碍'],
  ['99', '其他'],
]);

/** The six diagnoses of the 2018 规范; 07, 08 and 99 may be recorded but are outside the six. */
export const COVERED_DIAGNOSES = ['01', '02', '03', '04', '05', '06'] as const;
export function isCoveredDiagnosis(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && (COVERED_DIAGNOSES as readonly string[]).includes(code);
}

export const treatmentTable = defineTable('treatment', '治疗情况', 'GB/T 31000', [
  ['01', '住院治疗'],
  ['02', '居家服用抗精神病药物治疗', '居家服药'],
  ['03', '其他治疗'],
  ['04', '未接受过治疗', '未治疗'],
]);

export const MEDICATION_CODES = ['1', '2', '3', '4'] as const;
export type MedicationCode = (typeof MEDICATION_CODES)[number];
export const medicationTable = defineTable('medication', '服药依从性', '随访服务记录表', [
  ['1', '按医嘱规律服药', '规律服药', '规律'],
  ['2', '间断服药', '间断'],
  ['3', '不服药'],
  ['4', '医嘱勿需服药', '医嘱无需服药', '勿需服药'],
]);

/** 本次随访分类; 0 未访到 is an attempt that found no one, not a completed follow-up. */
export const FOLLOW_UP_CLASSES = ['0', '1', '2', '3'] as const;
export type FollowUpClass = (typeof FOLLOW_UP_CLASSES)[number];
export const followUpClassTable = defineTable('followUpClass', '本次随访分类', '随访服务记录表', [
  ['0', '未访到'],
  ['1', '不稳定'],
  ['2', '基本稳定'],
  ['3', '稳定'],
]);

export const HOSPITALIZATION_CODES = ['0', '1', '2'] as const;
export type HospitalizationCode = (typeof HOSPITALIZATION_CODES)[number];
export const hospitalizationTable = defineTable('hospitalization', '住院情况', '随访服务记录表', [
  ['0', '期间未住院', '未住院'],
  ['1', '目前正在住院', '正在住院', '住院'],
  ['2', '期间曾住院、现未住院', '期间曾住院，现未住院', '曾住院'],
]);

export const lockingTable = defineTable('locking', '关锁情况', '随访服务记录表', [
  ['1', '无关锁'],
  ['2', '关锁'],
  ['3', '关锁已解除'],
]);

export const PATIENT_STATUSES = ['在管', '失访', '住院', '迁出', '死亡'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];
export const patientStatusTable = defineTable('patientStatus', '患者管理状态', undefined, wordRows(PATIENT_STATUSES));

/** 在册患者 = 建档 − 死亡 in the national sheet; a patient moved away is on the other area's register, not ours. */
export const PATIENT_ON_REGISTER: readonly PatientStatus[] = ['在管', '失访', '住院'];

export const careTeamRoleTable = defineTable('careTeamRole', '关爱帮扶小组职务', undefined, [
  ['01', '网格员'],
  ['02', '综治干部'],
  ['03', '精防医生', '精防人员', '精防医生（护士）'],
  ['04', '民警', '派出所民警', '社区民警'],
  ['05', '民政干事'],
  ['06', '残联专干', '残疾人专职委员', '助残员'],
  ['07', '村（居）委会成员', '村(居)委会成员', '村委会成员', '居委会成员'],
  ['08', '监护人', '患者家属'],
  ['09', '志愿者'],
]);

/** 危险性评估 is stored as the integer level 0–5 (domain.md Part 1); GB/T 31000-style exports write 01–06. */
export const RISK_LEVELS = [0, 1, 2, 3, 4, 5] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const riskLevelTable = defineTable('riskLevel', '危险性评估等级', '严重精神障碍管理治疗工作规范（2018年版）', [
  ['0', '0级', '零级'],
  ['1', '1级', '一级'],
  ['2', '2级', '二级'],
  ['3', '3级', '三级'],
  ['4', '4级', '四级'],
  ['5', '5级', '五级'],
]);
/** What each level means, for the form's help text (Part 2 §3.2, paraphrased). */
export const RISK_LEVEL_HINTS: Readonly<Record<RiskLevel, string>> = {
  0: '无符合以下1–5级中的任何行为',
  1: '口头威胁，喊叫，但没有打砸行为',
  2: '打砸行为，局限在家里，针对财物，能被劝说制止',
  3: '明显打砸行为，不分场合，针对财物，不能接受劝说而停止',
  4: '持续的打砸行为，不分场合，针对财物或人，不能接受劝说而停止（包括自伤、自杀）',
  5: '持械针对人的任何暴力行为，或者纵火、爆炸等行为，无论在家里还是公共场合',
};
export function riskLevelToGbCode(level: RiskLevel): string {
  return String(level + 1).padStart(2, '0');
}
export function riskLevelFromGbCode(code: string): RiskLevel | null {
  const n = /^0[1-6]$/.test(code) ? Number(code) - 1 : NaN;
  return (RISK_LEVELS as readonly number[]).includes(n) ? (n as RiskLevel) : null;
}

// ---------------------------------------------------------------- 低保 / 特困

export const LOW_INCOME_AREAS = ['城市', '农村'] as const;
export type LowIncomeArea = (typeof LOW_INCOME_AREAS)[number];
export const lowIncomeAreaTable = defineTable('lowIncomeArea', '低保类别', undefined, [
  ['城市', '城市', '城市低保', '城镇', '城镇低保'],
  ['农村', '农村', '农村低保'],
]);

export const LOW_INCOME_CLASSES = ['A', 'B', 'C'] as const;
export type LowIncomeClass = (typeof LOW_INCOME_CLASSES)[number];
export const lowIncomeClassTable = defineTable('lowIncomeClass', '低保分类', undefined, [
  ['A', 'A类（无劳动能力，或重病重残收入稳定）', 'A类', 'A'],
  ['B', 'B类（收入稳定）', 'B类', 'B'],
  ['C', 'C类（收入不稳定，有劳动能力）', 'C类', 'C'],
]);

/** 在保 from 确认; 停保 after an exit or a 复核 with 停发. */
export const LOW_INCOME_STATUSES = ['在保', '停保'] as const;
export type LowIncomeStatus = (typeof LOW_INCOME_STATUSES)[number];
export const lowIncomeStatusTable = defineTable('lowIncomeStatus', '低保状态', undefined, wordRows(LOW_INCOME_STATUSES));

export const EXTREME_POVERTY_SUPPORT = ['集中', '分散'] as const;
export type ExtremePovertySupport = (typeof EXTREME_POVERTY_SUPPORT)[number];
export const extremePovertySupportTable = defineTable('extremePovertySupport', '特困供养形式', undefined, [
  ['集中', '集中供养', '集中'],
  ['分散', '分散供养', '分散'],
]);

export const REVIEW_RESULTS = ['不变', '增发', '减发', '停发'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];
export const reviewResultTable = defineTable('reviewResult', '复核结果', undefined, [
  ['不变', '不变', '维持', '保持不变'],
  ['增发', '增发'],
  ['减发', '减发'],
  ['停发', '停发', '停保', '退出'],
]);

/** Why a household leaves 低保 (recorded with 停发 or any other closing). Local wording; no national code list. */
export const lowIncomeExitReasonTable = defineTable('lowIncomeExitReason', '低保退出原因', undefined, [
  ['01', '家庭收入超过保障标准', '收入超标'],
  ['02', '家庭财产状况不符合条件', '财产超标'],
  ['03', '保障对象死亡', '死亡'],
  ['04', '户籍迁出', '迁出'],
  ['05', '本人申请退出', '主动退出'],
  ['06', '无正当理由拒不配合复核', '拒不配合复核'],
  ['07', '隐瞒或虚报家庭情况', '虚报'],
  ['08', '转为特困供养', '转特困'],
  ['99', '其他'],
]);

// ---------------------------------------------------------------- records

export const RECORD_METHODS = ['面谈', '家访', '电话', '其他'] as const;
export type RecordMethod = (typeof RECORD_METHODS)[number];
export const recordMethodTable = defineTable('recordMethod', '记录方式', undefined, [
  ['面谈', '面谈', '门诊', '约谈'],
  ['家访', '家访', '入户', '走访', '家庭访视'],
  ['电话', '电话', '电话随访'],
  ['其他', '其他', '视频'],
]);
