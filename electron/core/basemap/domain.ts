// The local basemap (底图): a PMTiles or MBTiles file chosen in 设置, read tile by tile for the map page.
import { basemapChannels } from '../../../shared/contract/basemap';
import { defineDomain } from '../domain';
import { basemapState, basemapTile, clearBasemap, saveMapView, setBasemap } from './service';

export const basemapDomain = defineDomain({
  name: 'basemap',
  channels: basemapChannels,
  commands: [],
  handlers: {
    'basemap.get': (ctx) => basemapState(ctx),
    'basemap.set': (ctx, input) => setBasemap(ctx, input.path),
    'basemap.clear': (ctx) => clearBasemap(ctx),
    'basemap.tile': (ctx, input) => basemapTile(ctx, input.z, input.x, input.y),
    'mapView.export': (ctx, input) => saveMapView(ctx, input.path, input.png),
  },
});
