import { gridChannels } from '../../../shared/contract/grid';
import { gridCommands } from './commands';
import { defineDomain } from '../domain';
import { exportGridList, exportStaffRoster } from './exports';
import { closeGrid, createGrid, createVillage, gridTree, listVillages, moveGrid, updateGrid, updateVillage } from './service';
import { createStaff, listStaff, updateStaff } from './staff';

export const gridsDomain = defineDomain({
  name: 'grids',
  channels: gridChannels,
  commands: gridCommands,
  handlers: {
    'village.list': (ctx) => listVillages(ctx),
    'village.create': (ctx, input) => createVillage(ctx, input),
    'village.update': (ctx, input) => updateVillage(ctx, input),
    'grid.tree': (ctx, input) => gridTree(ctx, input),
    'grid.create': (ctx, input) => createGrid(ctx, input),
    'grid.update': (ctx, input) => updateGrid(ctx, input),
    'grid.move': (ctx, input) => moveGrid(ctx, input),
    'grid.close': (ctx, input) => closeGrid(ctx, input),
    'grid.export': (ctx, input) => exportGridList(ctx, input),
    'staff.list': (ctx, input) => listStaff(ctx, input),
    'staff.create': (ctx, input) => createStaff(ctx, input),
    'staff.update': (ctx, input) => updateStaff(ctx, input),
    'staff.export': (ctx, input) => exportStaffRoster(ctx, input),
  },
});
