import type { patientChannels } from '../../../../shared/contract/ledgers';
import { AppError } from '../../errors';
import type { HandlersFor } from '../../handlers';

const notYet = (): never => {
  throw new AppError('INTERNAL', '该功能尚未完成');
};

export const patientHandlers: HandlersFor<typeof patientChannels> = {
  'patient.list': notYet, 'patient.get': notYet, 'patient.register': notYet, 'patient.update': notYet, 'patient.changeStatus': notYet,
  'patient.team': notYet, 'patient.awardAgreement': notYet, 'patient.awardReview': notYet, 'patient.incident': notYet, 'patient.export': notYet,
};
