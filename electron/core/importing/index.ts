// Excel import of residents and households, and its template.
export { importResidents, ImportRefusedError, type ImportOptions } from './residents';
export { writeResidentTemplate, TEMPLATE_SHEET, VALUES_SHEET } from './template';
export { MAX_DATA_ROWS, MAX_FILE_BYTES } from './fileCheck';
