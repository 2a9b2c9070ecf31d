import type { importChannels } from '../../../shared/contract/importing';
import { AppError } from '../errors';
import type { HandlersFor } from '../handlers';

const notYet = (): never => {
  throw new AppError('INTERNAL', '该功能尚未完成');
};

export const importHandlers: HandlersFor<typeof importChannels> = {
  'import.residents.template': notYet,
  'import.residents.preview': notYet,
  'import.residents.run': notYet,
};
