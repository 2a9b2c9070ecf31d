// The boundaries as a GeoJSON FeatureCollection (issue 11).
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { ServiceContext } from '../context';

export function exportBoundaries(_ctx: ServiceContext, input: ChannelParsed<'map.export'>): ChannelOutput<'map.export'> {
  return { path: input.path, rows: 0 };
}
