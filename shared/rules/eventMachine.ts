// The flow of an event (issue 12) as one state-machine definition, like the ledgers' (ledgerMachines.ts):
// 上报 → 受理 → 分流派遣 → 处置 → 核查 → 办结 → 评价, with 退回 (back one step, with the reason) and 督办 (recorded, no
// state change). Each state is named after the last step done. And the three working-day limits.
// Decisions (the issue says "accepted within 2 working days, routed within 3 and closed within 5"):
// - Each limit counts from the step before it, from the day after (workdays.ts): 受理 from the date the event was
//   reported, 分流 from the date it was accepted, 办结 from the date it was routed. 5 working days to close an event
//   reported the same day it is routed; the limits do not add up to one clock.
// - A 退回 reopens the step it undoes, and that step's clock starts again from the 退回's date (a 退回 of 处置 or 核查
//   re-runs inside the running 办结 clock, which only a new 分流派遣 restarts).
// - A limit is met when its step is dated on or before the due day; an open limit is overdue from the day after it.
// - Dates never go backwards: a step is dated on or after the event's last step, and not after today.
// - An event entered by mistake is voided (作废): nothing may be done to it, and it counts nowhere.
import type { EventDeadlineKind, EventState, EventStep } from '../contract/events';
import { EVENT_STATE_LABELS, EVENT_STEP_LABELS } from '../contract/events';
import { chineseDate } from './dates';
import { refuse, refuseInput, checkChange, checkStep, type StateMachine, type StepCheck } from './stateMachine';
import { addWorkdays, calendarKnown, workdaysBetween, type CalendarCorrections } from './workdays';

export interface EventFacts {
  status: EventState;
  /** The date of the event's last step (上报 or any later one). */
  lastOn: string;
  /** The date the step would carry; null when the page only asks what is possible. */
  date: string | null;
  /** Today, so a step is not dated in the future. */
  today: string | null;
  voidedOn: string | null;
  assignee: string;
  satisfaction: string | null;
  note: string;
}

const OPEN: readonly EventState[] = ['reported', 'accepted', 'dispatched', 'handling', 'checking'];
const ORDER: readonly EventState[] = ['reported', 'accepted', 'dispatched', 'handling', 'checking', 'closed', 'rated'];
const label = (s: EventState) => EVENT_STATE_LABELS[s];

/** Where a 退回 from this state goes: the state before the last step. */
export function returnTarget(state: EventState): EventState | null {
  if (state === 'reported' || state === 'closed' || state === 'rated') return null;
  return ORDER[ORDER.indexOf(state) - 1] ?? null;
}

function closedFor(step: EventStep, from: readonly EventState[]) {
  const what = EVENT_STEP_LABELS[step];
  return (f: EventFacts) => {
    if (f.status === 'closed' || f.status === 'rated') {
      return step === 'rate' ? `事件已评价，不能重复评价` : `事件已办结，不能再${what}`;
    }
    return `事件当前为「${label(f.status)}」，${what}须在「${from.map(label).join('」或「')}」时办理`;
  };
}

const dated = (f: EventFacts) => {
  if (f.voidedOn) return refuse(`事件已于${chineseDate(f.voidedOn)}作废，不能再办理`);
  if (f.date === null) return null;
  if (f.date < f.lastOn) return refuseInput(`办理日期${chineseDate(f.date)}早于上一步的日期${chineseDate(f.lastOn)}，请核对`, ['on']);
  if (f.today && f.date > f.today) return refuseInput(`办理日期${chineseDate(f.date)}晚于今天，不能预先办理`, ['on']);
  return null;
};
const needsNote = (what: string) => (f: EventFacts) => (f.date !== null && f.note.trim() === '' ? refuseInput(`请填写${what}`, ['note']) : null);

const rule = (step: EventStep, from: readonly EventState[], to?: EventState, extra: ((f: EventFacts) => ReturnType<typeof refuse> | null)[] = []) => ({
  label: EVENT_STEP_LABELS[step],
  from,
  closed: closedFor(step, from),
  guards: [dated, ...extra],
  ...(to ? { to } : {}),
});

export const eventMachine: StateMachine<EventState, EventStep, EventFacts> = {
  states: ORDER,
  open: OPEN,
  changes: [
    { from: ['reported'], to: 'accepted', via: 'accept' },
    {
      from: ['accepted'],
      to: 'dispatched',
      via: 'dispatch',
      guards: [(f) => (f.date !== null && f.assignee.trim() === '' ? refuseInput('请选择或填写承办单位（四个平台、部门或村）', ['assignee']) : null)],
    },
    { from: ['dispatched'], to: 'handling', via: 'handle' },
    { from: ['handling'], to: 'checking', via: 'check' },
    { from: ['checking'], to: 'closed', via: 'close' },
    {
      from: ['closed'],
      to: 'rated',
      via: 'rate',
      guards: [(f) => (f.date !== null && !f.satisfaction ? refuseInput('请选择群众满意度', ['satisfaction']) : null)],
    },
    { from: ['accepted'], to: 'reported', via: 'return' },
    { from: ['dispatched'], to: 'accepted', via: 'return' },
    { from: ['handling'], to: 'dispatched', via: 'return' },
    { from: ['checking'], to: 'handling', via: 'return' },
  ],
  refuseChange: (from, to) => `不能从「${label(from)}」变为「${label(to)}」`,
  steps: {
    accept: rule('accept', ['reported'], 'accepted'),
    dispatch: rule('dispatch', ['accepted'], 'dispatched'),
    handle: rule('handle', ['dispatched'], 'handling'),
    check: rule('check', ['handling'], 'checking'),
    close: rule('close', ['checking'], 'closed'),
    rate: rule('rate', ['closed'], 'rated'),
    return: {
      label: EVENT_STEP_LABELS.return,
      from: ['accepted', 'dispatched', 'handling', 'checking'],
      closed: (f) =>
        f.status === 'reported' ? '事件尚未受理，没有可退回的环节' : '事件已办结，不能再退回',
      guards: [dated, needsNote('退回原因')],
    },
    supervise: { ...rule('supervise', OPEN), guards: [dated, needsNote('督办意见')] },
  },
};

/** The state a step leads to from `from` (退回: one back; 督办: the same). */
export function stepTarget(step: EventStep, from: EventState): EventState {
  if (step === 'return') return returnTarget(from) ?? from;
  if (step === 'supervise') return from;
  return eventMachine.steps[step].to ?? from;
}

/** Whether the step may be done with these facts, with the machine's Chinese reason if not. */
export function checkEventStep(step: EventStep, facts: EventFacts): StepCheck {
  const first = checkStep(eventMachine, step, facts);
  if (!first.ok || step !== 'return') return first;
  const to = returnTarget(facts.status);
  return to ? checkChange(eventMachine, facts, to, 'return') : first;
}

export const STEP_NEEDS: Readonly<Record<EventStep, { assignee: boolean; satisfaction: boolean; note: boolean }>> = {
  accept: { assignee: false, satisfaction: false, note: false },
  dispatch: { assignee: true, satisfaction: false, note: false },
  handle: { assignee: false, satisfaction: false, note: false },
  check: { assignee: false, satisfaction: false, note: false },
  close: { assignee: false, satisfaction: false, note: false },
  rate: { assignee: false, satisfaction: true, note: false },
  return: { assignee: false, satisfaction: false, note: true },
  supervise: { assignee: false, satisfaction: false, note: true },
};

export function isOpenEvent(state: string): boolean {
  return (OPEN as readonly string[]).includes(state);
}

// ───── Deadlines ─────

export interface EventLimits {
  eventAcceptDays: number;
  eventRouteDays: number;
  eventCloseDays: number;
}

export interface StepFact {
  action: string;
  toState: string;
  on: string;
}

export interface Deadline {
  kind: EventDeadlineKind;
  label: string;
  days: number;
  startOn: string;
  dueOn: string;
  doneOn: string | null;
  status: 'onTime' | 'late' | 'open' | 'overdue';
  daysLate: number;
  calendarUnknown: boolean;
}

const DEADLINE_LABELS: Record<EventDeadlineKind, string> = { accept: '受理时限', dispatch: '分流时限', close: '办结时限' };
/** The step that meets each limit. */
const MEETS: Record<EventDeadlineKind, string> = { accept: 'accept', dispatch: 'dispatch', close: 'close' };

/** Working-day arithmetic as the deadlines need it; a list of thousands passes an indexed one (O(1) per call). */
export interface WorkdayCounter {
  add(date: string, n: number): string;
  between(from: string, to: string): number;
}

export const counterOf = (corrections: CalendarCorrections): WorkdayCounter => ({
  add: (date, n) => addWorkdays(date, n, corrections),
  between: (from, to) => workdaysBetween(from, to, corrections),
});

/**
 * The event's three limits from its steps in order (the first being 上报), judged on `asOf`: for each, the clock now
 * (or last) running. Steps dated after `asOf` are not seen, so a month's figures use the month's last day.
 */
export function eventDeadlines(steps: readonly StepFact[], limits: EventLimits, calendar: CalendarCorrections | WorkdayCounter, asOf: string): Deadline[] {
  const count: WorkdayCounter = 'between' in calendar ? calendar : counterOf(calendar);
  const days: Record<EventDeadlineKind, number> = { accept: limits.eventAcceptDays, dispatch: limits.eventRouteDays, close: limits.eventCloseDays };
  const clocks: Partial<Record<EventDeadlineKind, { startOn: string; doneOn: string | null }>> = {};
  for (const s of steps) {
    if (s.on > asOf) break;
    // A step into a state starts the clock of the step out of it.
    if (s.action === 'report' || (s.action === 'return' && s.toState === 'reported')) clocks.accept = { startOn: s.on, doneOn: null };
    if (s.action === 'accept' || (s.action === 'return' && s.toState === 'accepted')) clocks.dispatch = { startOn: s.on, doneOn: null };
    if (s.action === 'dispatch') clocks.close = { startOn: s.on, doneOn: null };
    if (s.action === 'return' && s.toState === 'reported') clocks.dispatch = undefined;
    if (s.action === 'return' && s.toState === 'accepted') clocks.close = undefined;
    for (const kind of ['accept', 'dispatch', 'close'] as const) {
      const c = clocks[kind];
      if (c && c.doneOn === null && s.action === MEETS[kind]) c.doneOn = s.on;
    }
  }
  const out: Deadline[] = [];
  for (const kind of ['accept', 'dispatch', 'close'] as const) {
    const c = clocks[kind];
    if (!c) continue;
    const dueOn = count.add(c.startOn, days[kind]);
    const end = c.doneOn ?? asOf;
    const late = end > dueOn ? count.between(dueOn, end) : 0;
    const status = c.doneOn ? (c.doneOn <= dueOn ? 'onTime' : 'late') : asOf > dueOn ? 'overdue' : 'open';
    out.push({
      kind,
      label: DEADLINE_LABELS[kind],
      days: days[kind],
      startOn: c.startOn,
      dueOn,
      doneOn: c.doneOn,
      status,
      // Past due on a weekend counts the days until the next working day as none late; still overdue.
      daysLate: status === 'late' || status === 'overdue' ? Math.max(late, 1) : 0,
      calendarUnknown: !calendarKnown(c.startOn) || !calendarKnown(dueOn),
    });
  }
  return out;
}

/** The limit still running, if the event is open: the last one started and not done. */
export function runningDeadline(deadlines: readonly Deadline[]): Deadline | null {
  for (let i = deadlines.length - 1; i >= 0; i--) {
    const d = deadlines[i]!;
    if (d.doneOn === null) return d;
  }
  return null;
}
