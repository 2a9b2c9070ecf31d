import type { personChannels } from '../../../shared/contract/people';
import { AppError } from '../errors';
import type { HandlersFor } from '../handlers';

const notYet = (): never => {
  throw new AppError('INTERNAL', '该功能尚未完成');
};

export const personHandlers: HandlersFor<typeof personChannels> = {
  'person.search': notYet,
  'person.get': notYet,
  'person.create': notYet,
  'person.update': notYet,
  'person.leave': notYet,
  'person.export': notYet,
  'household.get': notYet,
  'household.find': notYet,
  'household.create': notYet,
  'household.update': notYet,
};
