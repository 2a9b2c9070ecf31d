// Kept in code (not read from package.json at run time) so the packaged app needs no file lookup.
export const APP_NAME = '乡镇综治台账';
export const APP_VERSION = '0.1.0';
