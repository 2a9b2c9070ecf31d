import type { gridChannels } from '../../../shared/contract/grid';
import { AppError } from '../errors';
import type { HandlersFor } from '../handlers';

const notYet = (): never => {
  throw new AppError('INTERNAL', '该功能尚未完成');
};

export const gridHandlers: HandlersFor<typeof gridChannels> = {
  'village.list': notYet,
  'village.create': notYet,
  'village.update': notYet,
  'grid.tree': notYet,
  'grid.create': notYet,
  'grid.update': notYet,
  'grid.move': notYet,
  'grid.close': notYet,
  'grid.export': notYet,
  'staff.list': notYet,
  'staff.create': notYet,
  'staff.update': notYet,
  'staff.export': notYet,
};
