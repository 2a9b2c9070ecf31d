// The town's optional local basemap (底图): a PMTiles or MBTiles file on this PC, read by the main
// process and handed to the map tile by tile. Never the network; by default there is none.
import { z } from 'zod';
import { exportResult, inputPath, outputPath } from './common';
import { channel, read, write } from './define';

export const BASEMAP_KINDS = ['pmtiles', 'mbtiles'] as const;
export const TILE_FORMATS = ['png', 'jpg', 'webp', 'pbf'] as const;

export const basemapInfo = z.object({
  /** The file as stored in the town's settings. */
  path: z.string(),
  /** Its file name, for the page. */
  fileName: z.string(),
  kind: z.enum(BASEMAP_KINDS),
  /** raster: pictures drawn as they are; vector: pbf tiles the page styles itself. */
  tiles: z.enum(['raster', 'vector']),
  format: z.enum(TILE_FORMATS),
  /** From the file's metadata, '' when it has none. */
  name: z.string(),
  attribution: z.string(),
  /** [west, south, east, north] in degrees, null when the file does not say. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  /** Vector files: the layer names inside, so the page can draw each one. */
  vectorLayers: z.array(z.string()),
});
export type BasemapInfo = z.infer<typeof basemapInfo>;

export const basemapState = z.object({
  basemap: basemapInfo.nullable(),
  /** A file is set but cannot be read now (moved, deleted, damaged): why, in Chinese. */
  problem: z.string().nullable(),
  /** The stored path when it cannot be read (so the page can name it). */
  storedPath: z.string().nullable(),
});
export type BasemapState = z.infer<typeof basemapState>;

const tileCoord = z.number({ error: '瓦片坐标应为整数' }).int('瓦片坐标应为整数').min(0, '瓦片坐标不能为负');
export const tileInput = z
  .object({ z: tileCoord.max(24, '缩放级别最大为 24'), x: tileCoord, y: tileCoord })
  .strict()
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: '瓦片坐标超出该缩放级别的范围' });

/** The map as the staffer sees it, drawn by the page: a PNG, base64 (a 4K screen's view is a few MB). */
export const MAX_VIEW_PNG_CHARS = 40_000_000;
export const mapViewInput = z
  .object({
    path: outputPath.refine((p) => /\.png$/i.test(p), { message: '图片文件名应以 .png 结尾' }),
    png: z.string({ error: '缺少地图图片' }).min(1, '缺少地图图片').max(MAX_VIEW_PNG_CHARS, '地图图片太大').regex(/^[A-Za-z0-9+/]+={0,2}$/, '地图图片的数据不对'),
  })
  .strict();

export const basemapChannels = {
  'basemap.get': channel(z.object({}).strict(), basemapState, read('none')),
  'basemap.set': channel(z.object({ path: inputPath }).strict(), basemapState, write('town')),
  'basemap.clear': channel(z.object({}).strict(), basemapState, write('town')),
  /** One tile of the basemap in use (XYZ, y from the top); data null when the file has none there. */
  'basemap.tile': channel(tileInput, z.object({ data: z.string().nullable() }), read('none')),
  /** Saves the map page's current view (drawn from the caller's own layers) as a PNG file. */
  'mapView.export': channel(mapViewInput, exportResult, read('rows')),
};
