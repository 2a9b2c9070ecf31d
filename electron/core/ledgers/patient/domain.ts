import { patientChannels } from '../../../../shared/contract/patient';
import { defineDomain } from '../../domain';
import { exportPatients } from './export';
import { voidEntry } from '../voiding';
import {
  changePatientStatus, correctPatientStatus, correctPatientStep, getPatient, listPatients, recordIncident, registerPatient, reviewAward, savePatientTeam, signAwardAgreement, updatePatient, voidPatientStatus, voidPatientStep,
} from './service';

export const patientDomain = defineDomain({
  name: 'patient',
  channels: patientChannels,
  commands: [],
  handlers: {
    'patient.list': (ctx, input) => listPatients(ctx, input),
    'patient.get': (ctx, input) => getPatient(ctx, input.id),
    'patient.register': (ctx, input) => registerPatient(ctx, input),
    'patient.update': (ctx, input) => updatePatient(ctx, input),
    'patient.changeStatus': (ctx, input) => changePatientStatus(ctx, input),
    'patient.team': (ctx, input) => savePatientTeam(ctx, input),
    'patient.awardAgreement': (ctx, input) => signAwardAgreement(ctx, input),
    'patient.awardReview': (ctx, input) => reviewAward(ctx, input),
    'patient.incident': (ctx, input) => recordIncident(ctx, input),
    'patient.correctStep': (ctx, input) => correctPatientStep(ctx, input),
    'patient.voidStep': (ctx, input) => voidPatientStep(ctx, input),
    'patient.correctStatus': (ctx, input) => correctPatientStatus(ctx, input),
    'patient.voidStatus': (ctx, input) => voidPatientStatus(ctx, input),
    'patient.void': (ctx, input) => {
      voidEntry(ctx, 'patient', input.id, input.reason);
      return getPatient(ctx, input.id);
    },
    'patient.export': (ctx, input) => exportPatients(ctx, input),
  },
});
