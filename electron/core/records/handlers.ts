import type { recordChannels } from '../../../shared/contract/records';
import { AppError } from '../errors';
import type { HandlersFor } from '../handlers';

const notYet = (): never => {
  throw new AppError('INTERNAL', '该功能尚未完成');
};

export const recordHandlers: HandlersFor<typeof recordChannels> = {
  'record.add': notYet, 'record.list': notYet, 'record.suggestNextFollowUp': notYet, 'due.list': notYet, 'due.export': notYet,
  'person.timeline': notYet, 'indicators.month': notYet, 'checks.list': notYet, 'rules.get': notYet, 'rules.set': notYet, 'rules.reset': notYet,
};
