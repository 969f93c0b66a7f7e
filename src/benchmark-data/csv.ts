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
  return text.includes('"') ? parseQuoted(text) : parsePlain(text);
}

/** Fast path for files without quotes (all the data files today): split lines, then commas. */
function parsePlain(text: string): CsvFile {
  const lines = text.split('\n');
  const records: CsvRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0) continue;
    records.push({ line: i + 1, fields: line.split(',') });
  }
  const [first, ...rest] = records;
  return { header: first?.fields ?? [], records: rest };
}

function parseQuoted(text: string): CsvFile {
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
