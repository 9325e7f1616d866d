/**
 * A report's sheets as an XLSX workbook (issue 17), by exceljs: one worksheet per sheet, the
 * heading above a bold header row, numbers as numbers (so Excel sums and charts them).
 */
import ExcelJS from 'exceljs';
import type { Sheet } from '../domain/reports/report-table.js';

export async function sheetsToXlsx(sheets: readonly Sheet[], meta: { title: string; created: Date }): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Obzor';
  book.title = meta.title;
  book.created = meta.created;
  for (const s of sheets) {
    const ws = book.addWorksheet(s.name.slice(0, 31));
    for (const h of s.heading) ws.addRow(h);
    ws.getRow(1).font = { bold: true, size: 14 };
    ws.addRow([]);
    const header = ws.addRow(s.header);
    header.font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    ws.columns.forEach((c, i) => {
      const widest = Math.max(s.header[i]?.length ?? 8, ...s.rows.map((r) => String(r[i] ?? '').length));
      c.width = Math.min(60, Math.max(10, widest + 2));
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
