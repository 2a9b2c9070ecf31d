// Records (帮教, 随访, 走访, 复核), the today list, the person timeline, the month's indicators and the checks.
import { recordChannels } from '../../../shared/contract/records';
import { recordCommands } from './commands';
import { defineDomain } from '../domain';
import { listChecks } from './checks';
import { dueList, exportDue } from './due';
import { monthIndicators } from './indicators';
import { addRecord, getRecord, listRecords, suggestNextFollowUp } from './records';
import { personTimeline } from './timeline';
import { correctRecord, recordHistory, voidRecord } from './revisions';

export const recordsDomain = defineDomain({
  name: 'records',
  channels: recordChannels,
  commands: recordCommands,
  handlers: {
    'record.add': (ctx, input) => addRecord(ctx, input),
    'record.correct': (ctx, input) => correctRecord(ctx, input),
    'record.void': (ctx, input) => voidRecord(ctx, input),
    'record.get': (ctx, input) => getRecord(ctx, input.id),
    'record.history': (ctx, input) => recordHistory(ctx, input.id),
    'record.list': (ctx, input) => listRecords(ctx, input),
    'record.suggestNextFollowUp': (ctx, input) => suggestNextFollowUp(ctx, input),
    'due.list': (ctx, input) => dueList(ctx, input),
    'due.export': (ctx, input) => exportDue(ctx, input),
    'person.timeline': (ctx, input) => personTimeline(ctx, input.residentId),
    'indicators.month': (ctx, input) => monthIndicators(ctx, input.month),
    'checks.list': (ctx) => listChecks(ctx),
  },
});
