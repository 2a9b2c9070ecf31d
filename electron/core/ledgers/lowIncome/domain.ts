import { lowIncomeChannels } from '../../../../shared/contract/lowIncome';
import { defineDomain } from '../../domain';
import { exportLowIncome } from './export';
import { voidEntry } from '../voiding';
import { correctLowIncomeExit, exitLowIncome, getLowIncome, listLowIncome, registerLowIncome, updateLowIncome, voidLowIncomeExit } from './service';

export const lowIncomeDomain = defineDomain({
  name: 'lowIncome',
  channels: lowIncomeChannels,
  commands: [],
  handlers: {
    'lowIncome.list': (ctx, input) => listLowIncome(ctx, input),
    'lowIncome.get': (ctx, input) => getLowIncome(ctx, input.id),
    'lowIncome.register': (ctx, input) => registerLowIncome(ctx, input),
    'lowIncome.update': (ctx, input) => updateLowIncome(ctx, input),
    'lowIncome.exit': (ctx, input) => exitLowIncome(ctx, input),
    'lowIncome.correctExit': (ctx, input) => correctLowIncomeExit(ctx, input),
    'lowIncome.voidExit': (ctx, input) => voidLowIncomeExit(ctx, input),
    'lowIncome.void': (ctx, input) => {
      voidEntry(ctx, 'lowIncome', input.id, input.reason);
      return getLowIncome(ctx, input.id);
    },
    'lowIncome.export': (ctx, input) => exportLowIncome(ctx, input),
  },
});
