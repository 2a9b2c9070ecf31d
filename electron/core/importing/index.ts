// Excel imports (residents and households, staff) and their templates, and the reader pieces every
// import shares: the data sheet read safely (readDataSheet), header matching (matchColumns), grids
// by code or name (gridLookup), all or nothing (inImportTransaction, ImportRefusedError).
export { importResidents, ImportRefusedError, inImportTransaction, type ImportOptions } from './residents';
export { importStaff, writeStaffTemplate } from './staff';
export { readDataSheet, sheetOrder, sheetSummaries, MergeFill, rowTexts, type SheetPass, type SheetVisit, type DataSheet, type DataSheetOptions } from './sheets';
export { matchColumns, type ColumnDef, type MatchedColumn } from './columns';
export { gridLookup, type GridRow, type GridRefKind } from './gridLookup';
export { writeResidentTemplate, TEMPLATE_SHEET, VALUES_SHEET } from './template';
export { MAX_DATA_ROWS, MAX_FILE_BYTES } from './fileCheck';
