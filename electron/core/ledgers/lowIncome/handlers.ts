import type { lowIncomeChannels } from '../../../../shared/contract/ledgers';
import { AppError } from '../../errors';
import type { HandlersFor } from '../../handlers';

const notYet = (): never => {
  throw new AppError('INTERNAL', '该功能尚未完成');
};

export const lowIncomeHandlers: HandlersFor<typeof lowIncomeChannels> = {
  'lowIncome.list': notYet, 'lowIncome.get': notYet, 'lowIncome.register': notYet, 'lowIncome.update': notYet, 'lowIncome.exit': notYet, 'lowIncome.export': notYet,
};
