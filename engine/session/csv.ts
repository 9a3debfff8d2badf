/**
 * An RFC 4180 CSV reader fed text piece by piece: quoted fields may hold commas, quotes ("") and
 * line breaks; CRLF and LF both end a record.
 */
export class CsvReader {
  private rest = '';
  /** Line number (1-based) where the next record starts. */
  line = 1;

  /** Complete records in the text so far, each with the line it starts on. */
  push(text: string, final = false): { fields: string[]; line: number }[] {
    const s = this.rest + text;
    const out: { fields: string[]; line: number }[] = [];
    let fields: string[] = [];
    let field = '';
    let quoted = false;
    let recordStart = 0;
    let line = this.line;
    let startLine = line;
    let i = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (quoted) {
        if (c === 34) {
          if (s.charCodeAt(i + 1) === 34) {
            field += '"';
            i++;
          } else quoted = false;
        } else {
          if (c === 10) line++;
          field += s[i];
        }
      } else if (c === 34 && field === '') quoted = true;
      else if (c === 44) {
        fields.push(field);
        field = '';
      } else if (c === 10 || c === 13) {
        if (c === 13 && s.charCodeAt(i + 1) === 10) i++;
        fields.push(field);
        if (!(fields.length === 1 && fields[0] === '')) out.push({ fields, line: startLine });
        fields = [];
        field = '';
        line++;
        startLine = line;
        recordStart = i + 1;
      } else field += s[i];
    }
    if (final) {
      if (field !== '' || fields.length > 0) {
        fields.push(field);
        out.push({ fields, line: startLine });
      }
      this.rest = '';
    } else {
      this.rest = s.slice(recordStart);
      line = startLine;
    }
    this.line = line;
    return out;
  }
}

/** One CSV field as written: quoted when it holds a comma, quote or line break. */
export const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
