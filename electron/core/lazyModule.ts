// Libraries that only some work needs (letters as .docx, boundary files, tile files, photos) load on first use,
// not when dispatch is imported: the main process and every job's worker start without them. Each one costs its
// own load time and 3–20 MB of memory in every thread that imports it (measured: shpjs 22 MB, pngjs 13, pmtiles 11,
// docx 8, @xmldom/xmldom 8); a worker doing an import would carry them all for nothing. Loaded synchronously
// (require, which also loads an ES module on Node ≥ 22.12), so the code that uses them stays as it was.
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** The module `name`, required the first time the returned function is called. */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(name) as T);
}
