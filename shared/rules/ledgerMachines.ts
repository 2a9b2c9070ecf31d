// The steps and statuses of the three key-group ledgers, each one state-machine definition (domain.md Part 1
// "刑满释放人员", "严重精神障碍患者", "低保"): the core enforces them, the detail DTO lists what is available now and why
// the rest is not, and the renderer only shows that. The decisions where domain.md is silent are in ledgerRules.ts.
import { handoverTable, labelOf, type PatientStatus, type ReleasedStatus } from '../codes';
import { LOW_INCOME_STATUSES, PATIENT_STATUSES, RELEASED_STATUSES, type LowIncomeStatus } from '../codes/ledger';
import { chineseDate } from './dates';
import { refuse, refuseInput, type StateMachine } from './stateMachine';

// ---------------------------------------------------------------- 刑满释放人员

/** What the 帮教 rules look at. `date` is the date the step would carry (the detail view asks with today). */
export interface ReleasedFacts {
  status: ReleasedStatus;
  statusSince: string;
  name: string;
  idNumber: string;
  handoverOn: string | null;
  handoverCode: string | null;
  /** 期满日, computed from the 释放日期 and the town's rules. */
  termEnd: string | null;
  date: string | null;
}

export type ReleasedStep = 'handover' | 'report' | 'agreement' | 'assess' | 'place' | 'changeStatus' | 'reoffend' | 'team' | 'help' | 'edit';

const RELEASED_OPEN: readonly ReleasedStatus[] = ['待衔接', '在册帮教', '脱管'];

const releasedWho = (f: ReleasedFacts) => `${f.name}（${f.idNumber}）`;
const releasedClosed = (action: string) => (f: ReleasedFacts) => `${releasedWho(f)}已于${f.statusSince}「${f.status}」，帮教已结束，不能再${action}`;
const underHelp = (label: string, action: string) => ({ label, from: RELEASED_OPEN, closed: releasedClosed(action) });

export const releasedMachine: StateMachine<ReleasedStatus, ReleasedStep, ReleasedFacts> = {
  states: RELEASED_STATUSES,
  open: RELEASED_OPEN,
  changeStep: 'changeStatus',
  changes: [
    // 衔接 needs the 衔接情况, 重新犯罪 the 罪名: each has its own step.
    { from: ['待衔接'], to: '在册帮教', via: 'handover', viaReason: '尚未衔接的人员请通过「衔接」登记衔接日期和衔接情况' },
    { from: ['在册帮教'], to: '脱管', via: 'changeStatus' },
    { from: ['脱管'], to: '在册帮教', via: 'changeStatus' },
    {
      from: ['在册帮教'],
      to: '期满解除',
      via: 'changeStatus',
      guards: [
        (f) => {
          if (!f.termEnd) return refuseInput('缺少期满日，不能办理期满解除', ['date']);
          if (f.date && f.date < f.termEnd) {
            return refuseInput(`期满日为${chineseDate(f.termEnd)}，${chineseDate(f.date)}尚未期满，不能办理期满解除`, ['date']);
          }
          return null;
        },
      ],
    },
    { from: ['在册帮教', '脱管'], to: '重新犯罪', via: 'reoffend', viaReason: '登记重新犯罪请使用「重新犯罪」，并填写重新犯罪的日期和罪名' },
    { from: RELEASED_OPEN, to: '死亡', via: 'changeStatus' },
    { from: RELEASED_OPEN, to: '迁出', via: 'changeStatus' },
  ],
  refuseChange: (from, to) => {
    if (!RELEASED_OPEN.includes(from)) return `「${from}」已结束帮教，不能再变更为「${to}」`;
    if (to === '期满解除' && from === '脱管') return '脱管人员须先恢复为「在册帮教」，才能办理期满解除';
    if (from === '待衔接') return `尚未衔接的人员不能直接变更为「${to}」，请先办理衔接`;
    return `不能从「${from}」变更为「${to}」`;
  },
  steps: {
    handover: {
      ...underHelp('衔接', '办理衔接'),
      guards: [(f) => (f.handoverOn ? refuse(`${releasedWho(f)}已于${f.handoverOn}办理衔接（${labelOf(handoverTable, f.handoverCode)}），无需重复办理`) : null)],
    },
    report: underHelp('报到', '登记报到'),
    agreement: underHelp('帮教协议', '登记帮教协议'),
    assess: underHelp('分类评估', '分类评估'),
    place: underHelp('安置', '登记安置情况'),
    changeStatus: { label: '状态变更' },
    reoffend: { ...underHelp('重新犯罪', '登记重新犯罪'), to: '重新犯罪' },
    team: underHelp('帮教小组', '调整帮教小组'),
    help: underHelp('帮教记录', '添加帮教记录'),
    // The notice facts may be corrected at any time, as long as the recorded dates stay in order.
    edit: { label: '修改通知书信息' },
  },
};

/** The status a 帮教对象 is registered in: 待衔接, or 在册帮教 when the 衔接 comes with the registration. */
export function releasedStatusAtRegistration(handedOver: boolean): ReleasedStatus {
  return handedOver ? '在册帮教' : '待衔接';
}

// ---------------------------------------------------------------- 严重精神障碍患者

/** `date`: the date the step would carry; none in the detail view (an earlier 肇事肇祸 may always be recorded). */
export interface PatientFacts {
  status: PatientStatus;
  statusSince: string;
  name: string;
  idNumber: string;
  risk: number;
  awardRiskThreshold: number;
  awardEligible: boolean;
  guardianName: string;
  awardAgreementSignedOn: string | null;
  date: string | null;
}

export type PatientStep = 'edit' | 'changeStatus' | 'incident' | 'followUp' | 'team' | 'awardAgreement' | 'awardReview';

const PATIENT_OPEN: readonly PatientStatus[] = ['在管', '失访', '住院'];
const patientClosed = (action: string) => (f: PatientFacts) => `${f.name}已于 ${f.statusSince} ${f.status}，不能${action}`;
const managed = (label: string, action: string) => ({ label, from: PATIENT_OPEN, closed: patientClosed(action) });

export const patientMachine: StateMachine<PatientStatus, PatientStep, PatientFacts> = {
  states: PATIENT_STATUSES,
  open: PATIENT_OPEN,
  changeStep: 'changeStatus',
  changes: [
    { from: ['失访', '住院', '迁出'], to: '在管', via: 'changeStatus' },
    { from: ['在管'], to: '失访', via: 'changeStatus' },
    { from: ['在管', '失访'], to: '住院', via: 'changeStatus' },
    { from: PATIENT_OPEN, to: '迁出', via: 'changeStatus' },
    { from: PATIENT_OPEN, to: '死亡', via: 'changeStatus' },
  ],
  refuseChange: (from, to) => {
    if (from === '死亡') return `患者已死亡，不能变更为「${to}」`;
    if (from === '迁出') return `已迁出的患者须先迁回（变更为「在管」），不能直接变更为「${to}」`;
    return `不能从「${from}」变更为「${to}」`;
  },
  steps: {
    edit: { label: '修改患者信息' },
    changeStatus: { label: '状态变更' },
    incident: {
      label: '登记肇事肇祸',
      guards: [
        (f) =>
          !PATIENT_OPEN.includes(f.status) && f.date !== null && f.date > f.statusSince
            ? refuse(`${f.name}已于 ${f.statusSince} ${f.status}，不能登记此后的肇事肇祸`)
            : null,
      ],
    },
    followUp: {
      label: '随访记录',
      from: PATIENT_OPEN,
      closed: (f) => `${f.name}（${f.idNumber}）已于 ${f.statusSince}「${f.status}」，不在本地管理，不能添加随访记录`,
    },
    team: managed('关爱帮扶小组', '调整关爱帮扶小组'),
    awardAgreement: {
      ...managed('签订监护责任书', '签订监护责任书'),
      guards: [
        (f) =>
          f.awardEligible
            ? null
            : refuse(`${f.name}不是以奖代补对象：目前危险性为 ${f.risk} 级（${f.awardRiskThreshold} 级及以上才符合），且没有肇事肇祸史，不能签订监护责任书`),
        (f) => (f.guardianName ? null : refuse(`${f.name}尚未登记监护人，请先填写监护人，再签订监护责任书`)),
      ],
    },
    awardReview: {
      ...managed('以奖代补年审', '办理以奖代补年审'),
      guards: [(f) => (f.awardAgreementSignedOn ? null : refuse(`${f.name}尚未签订监护责任书，不能办理以奖代补年审`))],
    },
  },
};

// ---------------------------------------------------------------- 低保

export interface LowIncomeFacts {
  status: LowIncomeStatus;
  /** 张三户（户号 …）, for messages. */
  who: string;
  exitOn: string | null;
}

export type LowIncomeStep = 'edit' | 'review' | 'exit';

const lowIncomeClosed = (tail: string) => (f: LowIncomeFacts) => `${f.who}已于 ${f.exitOn ?? '此前'} 停保${tail}`;

export const lowIncomeMachine: StateMachine<LowIncomeStatus, LowIncomeStep, LowIncomeFacts> = {
  states: LOW_INCOME_STATUSES,
  open: ['在保'],
  // A 复核 with 停发 closes the household as an exit does.
  changes: [
    { from: ['在保'], to: '停保', via: 'exit' },
    { from: ['在保'], to: '停保', via: 'review' },
  ],
  refuseChange: (from, to) => `不能从「${from}」变更为「${to}」`,
  steps: {
    review: { label: '复核', from: ['在保'], closed: lowIncomeClosed('，不能再添加复核记录') },
    edit: { label: '修改', from: ['在保'], closed: lowIncomeClosed('，不能再修改') },
    exit: { label: '退出低保', from: ['在保'], closed: lowIncomeClosed(''), to: '停保' },
  },
};
