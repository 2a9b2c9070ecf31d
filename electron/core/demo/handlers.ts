import type { demoChannels } from '../../../shared/contract/demo';
import { AppError } from '../errors';
import type { HandlersFor } from '../handlers';

const notYet = (): never => {
  throw new AppError('INTERNAL', '该功能尚未完成');
};

export const demoHandlers: HandlersFor<typeof demoChannels> = {
  'demo.load': notYet,
};
