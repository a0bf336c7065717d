/**
 * CSV per RFC 4180: fields with a comma, quote, CR or LF are quoted and quotes doubled. A field
 * starting with `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet does not run a VM name
 * or description as a formula (engine text is user-controlled).
 */
export function csvField(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(fields: readonly (string | number | undefined | null)[]): string {
  return fields.map(csvField).join(',');
}

export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (string | number | undefined | null)[])[],
): string {
  return [csvRow(header), ...rows.map(csvRow)].join('\r\n') + '\r\n';
}
