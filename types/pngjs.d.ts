// pngjs 7 ships no typings; the synchronous decoder (photo upload) and encoder (test images) are all we use.
declare module 'pngjs' {
  interface DecodedPng { width: number; height: number; data: Buffer }
  export class PNG {
    constructor(options: { width: number; height: number });
    width: number;
    height: number;
    data: Buffer;
    static sync: { read(buffer: Buffer, options?: { skipRescale?: boolean }): DecodedPng; write(png: PNG): Buffer };
  }
}
