// The map's layers and points (issue 11).
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { ServiceContext } from '../context';

export function mapLayers(_ctx: ServiceContext): ChannelOutput<'map.layers'> {
  return { villages: [], grids: [] };
}
export function keyGroupPoints(_ctx: ServiceContext, _input: ChannelParsed<'map.points'>): ChannelOutput<'map.points'> {
  return { points: [], withoutPoint: 0 };
}
export function householdPoints(_ctx: ServiceContext, _input: ChannelParsed<'map.households'>): ChannelOutput<'map.households'> {
  return { points: [], withoutPoint: 0 };
}
export function setHouseholdPoint(_ctx: ServiceContext, input: ChannelParsed<'household.setPoint'>): ChannelOutput<'household.setPoint'> {
  return { householdId: input.householdId, point: input.point };
}
