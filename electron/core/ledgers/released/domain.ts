import { releasedChannels } from '../../../../shared/contract/released';
import { defineDomain } from '../../domain';
import { exportReleased } from './export';
import {
  agreementReleased,
  assessReleased,
  changeReleasedStatus,
  correctReleasedStep,
  getReleased,
  handoverReleased,
  listReleased,
  placeReleased,
  registerReleased,
  reoffendReleased,
  reportReleased,
  teamReleased,
  updateReleased,
  voidReleased,
  voidReleasedStep,
} from './service';

export const releasedDomain = defineDomain({
  name: 'released',
  channels: releasedChannels,
  commands: [],
  handlers: {
    'released.list': (ctx, input) => listReleased(ctx, input),
    'released.get': (ctx, input) => getReleased(ctx, input.id),
    'released.register': (ctx, input) => registerReleased(ctx, input),
    'released.update': (ctx, input) => updateReleased(ctx, input),
    'released.handover': (ctx, input) => handoverReleased(ctx, input),
    'released.report': (ctx, input) => reportReleased(ctx, input),
    'released.agreement': (ctx, input) => agreementReleased(ctx, input),
    'released.assess': (ctx, input) => assessReleased(ctx, input),
    'released.place': (ctx, input) => placeReleased(ctx, input),
    'released.reoffend': (ctx, input) => reoffendReleased(ctx, input),
    'released.changeStatus': (ctx, input) => changeReleasedStatus(ctx, input),
    'released.team': (ctx, input) => teamReleased(ctx, input),
    'released.void': (ctx, input) => voidReleased(ctx, input),
    'released.correctStep': (ctx, input) => correctReleasedStep(ctx, input),
    'released.voidStep': (ctx, input) => voidReleasedStep(ctx, input),
    'released.export': (ctx, input) => exportReleased(ctx, input),
  },
});
