// The two synchronous parsers of shpjs the map import uses (the package ships no types).
declare module 'shpjs' {
  /** The geometries of a .shp, reprojected to WGS-84 longitude/latitude by proj4 when a .prj text is given. */
  export function parseShp(shp: ArrayBufferView | ArrayBuffer, prj?: string): unknown[];
  /** The records of a .dbf, decoded with the .cpg's encoding. */
  export function parseDbf(dbf: ArrayBufferView | ArrayBuffer, cpg?: string): Record<string, unknown>[];
}
