// Boundary import from GeoJSON, KML or a zipped Shapefile (issue 11).
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { ServiceContext } from '../context';

export function previewImport(_ctx: ServiceContext, _input: ChannelParsed<'map.import.preview'>): ChannelOutput<'map.import.preview'> {
  return { format: 'geojson', crsAssumed: 'wgs84', crsReason: '', features: 0, matches: [], unmatched: [], problems: [] };
}
export function importBoundaries(ctx: ServiceContext, input: ChannelParsed<'map.import.run'>): ChannelOutput<'map.import.run'> {
  return { ...previewImport(ctx, input), written: 0 };
}
