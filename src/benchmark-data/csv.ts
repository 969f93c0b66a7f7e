/**
 * A small RFC 4180 CSV reader for the benchmark data files: header row, `\n` or `\r\n`
 * line ends, optional double-quoted fields with `""` escapes. Each record keeps the
 * physical line number it started on, so problems can be reported as file:line.
 * O(n) in the text length.
 */

export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvFile {
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
}

export function parseCsv(text: string): CsvFile {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let i = 0;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        field += char;
      }
      i++;
      continue;
    }
    if (char === '"' && field.length === 0) quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += char;
    i++;
  }
  if (field.length > 0 || fields.length > 0) endRecord();
  const [first, ...rest] = records;
  return { header: first?.fields ?? [], records: rest };
}
