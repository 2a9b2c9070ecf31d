// A county's own form as the tests build it with exceljs (the unit tests and the e2e spec map and fill the same one).
import ExcelJS from 'exceljs';

export const BORDER = { top: { style: 'thin' as const }, left: { style: 'thin' as const }, bottom: { style: 'thin' as const }, right: { style: 'thin' as const } };
export const FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/**
 * The county's form: row 1 title, row 2 填报单位, rows 3–4 header (序号, 村 over both rows; 在册人数 over 帮教对象 and
 * 其中重点; 衔接情况 over 收到通知书, 已衔接, 衔接率; 户数; 未衔接 computed by a formula), row 5 the data row, row 6
 * 合计 with SUM formulas, row 7 the signature line merged across.
 */
export function countyWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('帮教月报', { pageSetup: { paperSize: 9, orientation: 'landscape', printArea: 'A1:I7', printTitlesRow: '3:4' } });
  wb.addWorksheet('说明').getCell('A1').value = '本表由各乡镇每月5日前报送';
  ws.getCell('A1').value = '某某县刑满释放人员安置帮教月报表';
  ws.mergeCells('A1:I1');
  ws.getCell('A2').value = '填报单位（盖章）：';
  ws.mergeCells('A2:E2');
  const head: [string, string][] = [['A3:A4', '序号'], ['B3:B4', '村（社区）'], ['C3:D3', '在册人数'], ['E3:G3', '衔接情况'], ['H3:H4', '户数'], ['I3:I4', '未衔接']];
  for (const [range, label] of head) {
    ws.getCell(range.split(':')[0]!).value = label;
    ws.mergeCells(range);
  }
  Object.entries({ C4: '帮教对象', D4: '其中重点', E4: '收到通知书', F4: '已衔接', G4: '衔接率' }).forEach(([a, v]) => (ws.getCell(a).value = v));
  for (let c = 1; c <= 9; c++) {
    for (const r of [3, 4, 5, 6]) ws.getCell(r, c).border = BORDER;
    ws.getCell(5, c).fill = FILL;
    ws.getCell(5, c).font = { name: '仿宋', size: 11 };
  }
  ws.getCell('G5').numFmt = '0.00%';
  ws.getCell('G6').numFmt = '0.00%';
  ws.getCell('I5').value = { formula: 'E5-F5' } as ExcelJS.CellFormulaValue;
  ws.getRow(5).height = 22;
  ws.getCell('B6').value = '合计';
  for (const col of ['C', 'D', 'E', 'F', 'H', 'I']) ws.getCell(`${col}6`).value = { formula: `SUM(${col}5:${col}5)` } as ExcelJS.CellFormulaValue;
  ws.getCell('A7').value = '填表人：　　　　审核人：　　　　填报日期：';
  ws.mergeCells('A7:I7');
  ws.getCell('K1').value = { formula: 'C6*2' } as ExcelJS.CellFormulaValue;
  return wb;
}

