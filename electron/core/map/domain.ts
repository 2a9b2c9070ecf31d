import { mapChannels } from '../../../shared/contract/map';
import { defineDomain } from '../domain';
import { mapCommands } from './commands';
import { checkBoundaries, clearBoundary, previewSplit, saveSplit, setBoundary } from './boundaries';
import { exportBoundaries } from './exportGeo';
import { importBoundaries, previewImport } from './importGeo';
import { householdPoints, keyGroupPoints, mapLayers, setHouseholdPoint } from './service';

export const mapDomain = defineDomain({
  name: 'map',
  channels: mapChannels,
  commands: mapCommands,
  handlers: {
    'map.layers': (ctx) => mapLayers(ctx),
    'map.points': (ctx, input) => keyGroupPoints(ctx, input),
    'map.households': (ctx, input) => householdPoints(ctx, input),
    'household.setPoint': (ctx, input) => setHouseholdPoint(ctx, input),
    'map.import.preview': (ctx, input) => previewImport(ctx, input),
    'map.import.run': (ctx, input) => importBoundaries(ctx, input),
    'map.setBoundary': (ctx, input) => setBoundary(ctx, input),
    'map.split.preview': (ctx, input) => previewSplit(ctx, input),
    'map.split.save': (ctx, input) => saveSplit(ctx, input),
    'map.clearBoundary': (ctx, input) => clearBoundary(ctx, input),
    'map.check': (ctx) => checkBoundaries(ctx),
    'map.export': (ctx, input) => exportBoundaries(ctx, input),
  },
});
