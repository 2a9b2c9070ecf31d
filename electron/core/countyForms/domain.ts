// 一表通: the county's own forms, loaded once with a mapping and filled for any month (issue 9 item 5).
import { countyFormChannels } from '../../../shared/contract/countyForms';
import { defineDomain } from '../domain';
import { countyFormCommands } from './commands';
import { fillCountyForm, getCountyForm, inspectCountyForm, listCountyForms, removeCountyForm, saveCountyForm } from './service';

export const countyFormsDomain = defineDomain({
  name: 'countyForms',
  channels: countyFormChannels,
  commands: countyFormCommands,
  handlers: {
    'countyForm.inspect': (ctx, input) => inspectCountyForm(ctx, input),
    'countyForm.save': (ctx, input) => saveCountyForm(ctx, input),
    'countyForm.list': (ctx) => listCountyForms(ctx),
    'countyForm.get': (ctx, input) => getCountyForm(ctx, input.name),
    'countyForm.remove': (ctx, input) => removeCountyForm(ctx, input.name),
    'countyForm.fill': (ctx, input) => fillCountyForm(ctx, input),
  },
});
