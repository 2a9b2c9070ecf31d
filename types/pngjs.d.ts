// pngjs 7 ships no typings; the synchronous decoder is all the photo upload uses.
declare module 'pngjs' {
  interface DecodedPng { width: number; height: number; data: Buffer }
  export const PNG: { sync: { read(buffer: Buffer, options?: { skipRescale?: boolean }): DecodedPng } };
}
