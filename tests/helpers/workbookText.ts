// Every string of a workbook's cells, for "this file holds nothing of village B / no full ID number" checks.
import ExcelJS from 'exceljs';

export async function workbookText(path: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.text ?? '')))));
  return parts.join('\n');
}
