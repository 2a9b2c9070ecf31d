// @turf/turf loads some 130 packages (~0.3 s): on first use, so the app and every job's worker start without it
// (as exceljs, xlsx/excel.ts).
import { createRequire } from 'node:module';
import type * as Turf from '@turf/turf';

const requireHere = createRequire(import.meta.url);
let loaded: typeof Turf | undefined;

export function turf(): typeof Turf {
  return (loaded ??= requireHere('@turf/turf') as typeof Turf);
}
