// Channels of records, the today list, the person timeline, the month's indicators, the checks and the rule settings.
import type { recordChannels } from '../../../shared/contract/records';
import type { HandlersFor } from '../handlers';
import { resetRules, rulesView, setRules } from '../services/rules';
import { listChecks } from './checks';
import { dueList, exportDue } from './due';
import { monthIndicators } from './indicators';
import { addRecord, listRecords, suggestNextFollowUp } from './records';
import { personTimeline } from './timeline';

export const recordHandlers: HandlersFor<typeof recordChannels> = {
  'record.add': (ctx, input) => addRecord(ctx, input),
  'record.list': (ctx, input) => listRecords(ctx, input),
  'record.suggestNextFollowUp': (ctx, input) => suggestNextFollowUp(ctx, input),
  'due.list': (ctx, input) => dueList(ctx, input),
  'due.export': (ctx, input) => exportDue(ctx, input),
  'person.timeline': (ctx, input) => personTimeline(ctx, input.residentId),
  'indicators.month': (ctx, input) => monthIndicators(ctx, input.month),
  'checks.list': (ctx) => listChecks(ctx),
  'rules.get': (ctx) => rulesView(ctx),
  'rules.set': (ctx, input) => setRules(ctx, input.changes),
  'rules.reset': (ctx, input) => resetRules(ctx, input.paths),
};
