// The month's county package: generate and freeze, write again, reopen, mark sent, history, verify.
import { monthPackageChannels } from '../../../shared/contract/monthPackage';
import { defineDomain } from '../domain';
import { monthPackageCommands } from './commands';
import { listMonths, makePackage, markSent, monthDetail, reopenMonth } from './service';
import { verifyPackage } from './verify';

export const monthPackageDomain = defineDomain({
  name: 'monthPackage',
  channels: monthPackageChannels,
  commands: monthPackageCommands,
  handlers: {
    'month.list': (ctx) => listMonths(ctx),
    'month.get': (ctx, input) => monthDetail(ctx, input.month),
    'month.package': (ctx, input) => makePackage(ctx, input),
    'month.reopen': (ctx, input) => reopenMonth(ctx, input),
    'month.markSent': (ctx, input) => markSent(ctx, input),
    'month.verify': (_ctx, input) => verifyPackage(input.path),
    // Not awaited: the page goes on while the worker loads.
    'month.prepare': (ctx) => {
      void ctx.jobs?.warm?.();
      return {};
    },
  },
});
