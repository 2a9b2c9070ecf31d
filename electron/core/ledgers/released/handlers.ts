import type { releasedChannels } from '../../../../shared/contract/ledgers';
import { AppError } from '../../errors';
import type { HandlersFor } from '../../handlers';

const notYet = (): never => {
  throw new AppError('INTERNAL', '该功能尚未完成');
};

export const releasedHandlers: HandlersFor<typeof releasedChannels> = {
  'released.list': notYet, 'released.get': notYet, 'released.register': notYet, 'released.update': notYet, 'released.handover': notYet,
  'released.report': notYet, 'released.agreement': notYet, 'released.assess': notYet, 'released.place': notYet, 'released.reoffend': notYet,
  'released.changeStatus': notYet, 'released.team': notYet, 'released.export': notYet,
};
