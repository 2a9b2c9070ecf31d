// The shape of a ledger's state machine: its states, which of them keep the entry on the ledger, the status changes
// with the step that makes each, and the other steps with the states they start from and their guards. A check
// returns the definition's Chinese reason; the core turns a refusal into a typed error, the detail DTO into the list
// of steps available now. Pure: no Node, no DOM.

/**
 * Why a step is refused. 'state': the entry's status or facts forbid it (the core answers CONFLICT); 'input': what
 * was typed is wrong or belongs to another step (VALIDATION, on the field at `path`).
 */
export interface Refusal {
  kind: 'state' | 'input';
  reason: string;
  path?: string[];
}

export type StepCheck = { ok: true } | ({ ok: false } & Refusal);

/** A guard returns null when the step may go ahead, else the refusal. */
export type Guard<F> = (facts: F) => Refusal | null;

export const refuse = (reason: string): Refusal => ({ kind: 'state', reason });
export const refuseInput = (reason: string, path: string[]): Refusal => ({ kind: 'input', reason, path });

export interface StatusChange<S extends string, Step extends string, F> {
  from: readonly S[];
  to: S;
  /** The step that makes this change; another step asking for it gets `viaReason`. */
  via: Step;
  viaReason?: string;
  guards?: readonly Guard<F>[];
}

export interface StepRule<S extends string, F> {
  /** The button's words. */
  label: string;
  /** The states the step may start from; others get `closed`. Absent: every state. */
  from?: readonly S[];
  closed?: (facts: F) => string;
  guards?: readonly Guard<F>[];
  /** A step that changes the status: the status change it makes, checked after the guards. */
  to?: S;
}

export interface StateMachine<S extends string, Step extends string, F extends { status: S }> {
  states: readonly S[];
  /** States that keep the entry on the ledger (due items, records, team). */
  open: readonly S[];
  changes: readonly StatusChange<S, Step, F>[];
  /** The generic 状态变更 step, offered once per status it may lead to; absent where every change has its own step. */
  changeStep?: Step;
  steps: Readonly<Record<Step, StepRule<S, F>>>;
  /** Why a status change that no transition allows is refused. */
  refuseChange: (from: S, to: S) => string;
}

/** One step as the detail page shows it: may it be done now, and if not, why not. */
export interface StepView {
  step: string;
  label: string;
  /** For status changes: the status it leads to. */
  to: string | null;
  available: boolean;
  reason: string | null;
}

function firstRefusal<F>(guards: readonly Guard<F>[] | undefined, facts: F): Refusal | null {
  for (const g of guards ?? []) {
    const r = g(facts);
    if (r) return r;
  }
  return null;
}

const result = (r: Refusal | null): StepCheck => (r ? { ok: false, ...r } : { ok: true });

/** The states a status may change to at all (whatever step makes it). */
export function targetsOf<S extends string, Step extends string, F extends { status: S }>(m: StateMachine<S, Step, F>, from: S): S[] {
  return m.changes.filter((c) => c.from.includes(from)).map((c) => c.to);
}

export function isOpenIn<S extends string>(m: { open: readonly S[] }, status: string): status is S {
  return (m.open as readonly string[]).includes(status);
}

/** A step that does not change the status (or before it does): its start states, then its guards. */
export function checkStep<S extends string, Step extends string, F extends { status: S }>(m: StateMachine<S, Step, F>, step: Step, facts: F): StepCheck {
  const rule = m.steps[step];
  if (rule.from && !rule.from.includes(facts.status)) {
    return result(refuse(rule.closed ? rule.closed(facts) : `「${facts.status}」时不能${rule.label}`));
  }
  const refused = firstRefusal(rule.guards, facts);
  if (refused || !rule.to) return result(refused);
  return checkChange(m, facts, rule.to, step);
}

/** A status change to `to` made by the step `via`. */
export function checkChange<S extends string, Step extends string, F extends { status: S }>(m: StateMachine<S, Step, F>, facts: F, to: S, via: Step): StepCheck {
  const from = facts.status;
  if (from === to) return result(refuse(`状态已是「${from}」，无需变更`));
  const candidates = m.changes.filter((c) => c.from.includes(from) && c.to === to);
  const change = candidates.find((c) => c.via === via);
  if (!change) {
    const other = candidates[0];
    if (!other) return result(refuse(m.refuseChange(from, to)));
    return result(refuseInput(other.viaReason ?? `请使用「${m.steps[other.via].label}」办理`, ['to']));
  }
  return result(firstRefusal(change.guards, facts));
}

/** The transitions as a table: each status and the statuses it may change to (by any step). */
export function transitionTable<S extends string, Step extends string, F extends { status: S }>(m: StateMachine<S, Step, F>): Record<S, S[]> {
  return Object.fromEntries(m.states.map((s) => [s, targetsOf(m, s)])) as Record<S, S[]>;
}

/**
 * Every step and every status change, with whether it may be done now and, if not, why. The 状态变更 step comes
 * once for itself (available when any change is) and once per status it may lead to.
 */
export function stepViews<S extends string, Step extends string, F extends { status: S }>(m: StateMachine<S, Step, F>, facts: F): StepView[] {
  const views: StepView[] = [];
  const view = (step: Step, label: string, to: S | null, check: StepCheck) =>
    views.push({ step, label, to, available: check.ok, reason: check.ok ? null : check.reason });
  for (const step of Object.keys(m.steps) as Step[]) {
    if (step === m.changeStep) continue;
    view(step, m.steps[step].label, null, checkStep(m, step, facts));
  }
  const changeStep = m.changeStep;
  if (changeStep === undefined) return views;
  const gate = checkStep(m, changeStep, facts);
  const targets = m.states.filter((to) => to !== facts.status).map((to) => ({ to, check: gate.ok ? checkChange(m, facts, to, changeStep) : gate }));
  const open = targets.find((t) => t.check.ok);
  view(changeStep, m.steps[changeStep].label, null, open ? open.check : (targets[0]?.check ?? gate));
  for (const t of targets) view(changeStep, t.to, t.to, t.check);
  return views;
}
