/**
 * A report's sheets as CSV (issue 17): UTF-8 with a byte-order mark, so Excel opens Cyrillic
 * as text; `;` (Excel's separator where the decimal mark is a comma, as in Russia: numbers then
 * written with a comma) or `,` (numbers with a point). Sheets follow each other, a blank line apart.
 */
import type { Cell, Sheet } from '../domain/reports/report-table.js';

export type CsvSeparator = ';' | ',';

function cell(c: Cell, sep: CsvSeparator): string {
  if (c === null) return '';
  if (typeof c === 'number') return sep === ';' ? String(c).replace('.', ',') : String(c);
  // a formula-looking text is quoted with a leading apostrophe: a CSV opened in Excel must not run it
  const text = /^[=+\-@\t\r]/.test(c) && !/^-?\d/.test(c) ? `'${c}` : c;
  return /[";\n\r,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sheetsToCsv(sheets: readonly Sheet[], sep: CsvSeparator = ';'): string {
  const lines: string[] = [];
  for (const s of sheets) {
    if (lines.length) lines.push('');
    for (const h of s.heading) lines.push(h.map((c) => cell(c, sep)).join(sep));
    lines.push('');
    lines.push(s.header.map((c) => cell(c, sep)).join(sep));
    for (const r of s.rows) lines.push(r.map((c) => cell(c, sep)).join(sep));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
