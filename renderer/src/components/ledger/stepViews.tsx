// The steps an entry's detail DTO says are available now (and why the others are not), as buttons. Nothing here
// decides a rule: availability and reasons come from the core's state machine (shared/rules/ledgerMachines.ts).
import { Button, Tooltip, type ButtonProps } from 'antd';
import type { ReactNode } from 'react';
import type { StepViewDto } from '../../../../shared/contract/entry';

export interface StepState {
  available: boolean;
  reason: string | null;
}

/** One step; a status change counts as available when any of its targets is (`to` asks for one target). */
export function stepState(steps: readonly StepViewDto[], step: string, to?: string): StepState {
  const views = steps.filter((s) => s.step === step && (to === undefined || s.to === to));
  const open = views.find((s) => s.available);
  if (open) return { available: true, reason: null };
  return { available: false, reason: views[0]?.reason ?? null };
}

/** Which step clears which due item, so its 处理 button and the page's main button follow the same rule. */
export const dueSteps: Readonly<Record<string, { step: string; to?: string }>> = {
  待登记衔接: { step: 'handover' },
  报到逾期: { step: 'report' },
  首次走访: { step: 'help' },
  帮教走访: { step: 'help' },
  分类复评: { step: 'assess' },
  期满待解除: { step: 'changeStatus', to: '期满解除' },
  随访: { step: 'followUp' },
  以奖代补年审: { step: 'awardReview' },
  低保复核: { step: 'review' },
};

/** A button for a step: disabled with the reason as its tooltip when the step is not available now. */
export function StepButton({ steps, step, to, children, ...rest }: { steps: readonly StepViewDto[]; step: string; to?: string; children: ReactNode } & Omit<ButtonProps, 'disabled'>) {
  const state = stepState(steps, step, to);
  const button = (
    <Button {...rest} disabled={!state.available}>
      {children}
    </Button>
  );
  return state.reason ? <Tooltip title={state.reason}>{button}</Tooltip> : button;
}
