// Boundaries drawn or edited on the map, and the geometry checks (issue 11).
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { ServiceContext } from '../context';

export function setBoundary(_ctx: ServiceContext, input: ChannelParsed<'map.setBoundary'>): ChannelOutput<'map.setBoundary'> {
  return { kind: input.kind, id: input.id, warnings: [] };
}
export function clearBoundary(_ctx: ServiceContext, input: ChannelParsed<'map.clearBoundary'>): ChannelOutput<'map.clearBoundary'> {
  return { kind: input.kind, id: input.id, cleared: false };
}
export function checkBoundaries(_ctx: ServiceContext): ChannelOutput<'map.check'> {
  return { warnings: [] };
}
