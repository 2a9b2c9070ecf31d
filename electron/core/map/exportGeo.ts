// The boundaries as a GeoJSON FeatureCollection (issue 11): the caller's villages and open grids that have one,
// with their codes, names and the map's figures, written through the safe output (temp file, then rename).
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { ServiceContext } from '../context';
import { guardOf, writeOutputFile } from '../files/safeOutput';
import { loadBoundaries, mapLayers } from './service';

export function boundaryCollection(ctx: ServiceContext) {
  const layers = mapLayers(ctx);
  const bounds = loadBoundaries(ctx);
  const villageOf = new Map(layers.villages.map((v) => [v.id, v]));
  const features = [
    ...layers.villages.filter((v) => v.geometry).map((v) => ({
      type: 'Feature' as const,
      properties: { kind: 'village', code: v.code, name: v.name, ...v.figures },
      geometry: v.geometry,
    })),
    ...layers.grids.filter((g) => bounds.grids.has(g.id)).map((g) => ({
      type: 'Feature' as const,
      properties: { kind: 'grid', code: g.code, name: g.name, villageCode: villageOf.get(g.villageId)?.code ?? '', villageName: villageOf.get(g.villageId)?.name ?? '', ...g.figures },
      geometry: g.geometry,
    })),
  ];
  return { type: 'FeatureCollection' as const, features };
}

export async function exportBoundaries(ctx: ServiceContext, input: ChannelParsed<'map.export'>): Promise<ChannelOutput<'map.export'>> {
  const collection = boundaryCollection(ctx);
  await writeOutputFile(input.path, guardOf(ctx), async (out) => {
    await new Promise<void>((resolve, reject) => out.write(JSON.stringify(collection), (err) => (err ? reject(err) : resolve())));
  });
  return { path: input.path, rows: collection.features.length };
}
