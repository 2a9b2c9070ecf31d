// Grid workers' visits (走访 / 民情日志): records of kind 'visit', the households due, the week's import, a worker's
// page and the assessment (周巡查、月考核 T6、年评比).
import { visitChannels } from '../../../shared/contract/visits';
import { defineDomain } from '../domain';
import { guardOf } from '../files/safeOutput';
import { visitCommands } from './commands';
import { exportAssessment, exportVisits } from './exports';
import { periodAssessment } from './periods';
import { importVisits, writeVisitTemplate } from './importing';
import { addVisitRecord, householdClassOf, listVisits, visitDueList, workerPage } from './service';

export const visitsDomain = defineDomain({
  name: 'visits',
  channels: visitChannels,
  commands: visitCommands,
  handlers: {
    'visit.add': (ctx, input) => addVisitRecord(ctx, input),
    'visit.list': (ctx, input) => listVisits(ctx, input),
    'visit.export': (ctx, input) => exportVisits(ctx, input),
    'visit.due': (ctx, input) => visitDueList(ctx, input),
    'visit.householdClass': (ctx, input) => householdClassOf(ctx, input),
    'visit.template': async (ctx, input) => {
      await writeVisitTemplate(input.path, guardOf(ctx));
      return { path: input.path };
    },
    'visit.import.preview': (ctx, input) => importVisits(ctx, input.path, { dryRun: true, skipInvalid: true, sheet: input.sheet }),
    'visit.import.run': (ctx, input) => importVisits(ctx, input.path, { dryRun: false, skipInvalid: input.skipInvalid, sheet: input.sheet }),
    'worker.get': (ctx, input) => workerPage(ctx, input),
    'visit.assessment': (ctx, input) => periodAssessment(ctx, input),
    'visit.assessment.export': (ctx, input) => exportAssessment(ctx, input),
  },
});
