import { ShaleError } from '../../errors.js';
import { stripBom } from './directives.js';

/** One `-- migrate:up` … `-- migrate:down` section of a dbmate file. */
export interface Section {
  readonly up: { readonly text: string; readonly line: number; readonly transaction: boolean };
  readonly down: { readonly text: string; readonly line: number; readonly transaction: boolean };
}

const MARKER_RE = /^--\s*migrate:(up|down)(?:\s+(.*))?$/;

/** Any `-- migrate:up` or `-- migrate:down` line makes a file sectioned (a lone down block is an error, P3). */
const ANY_MARKER_RE = /^--[ \t]*migrate:(?:up|down)(?:[ \t]+[^\r\n]*)?[ \t]*\r?$/m;

export function isSectionedText(text: string): boolean {
  // One multiline regex instead of splitting every file into lines: status reads thousands of files.
  return text.includes('migrate:') && ANY_MARKER_RE.test(stripBom(text));
}

/** dbmate options: whitespace-separated `key:value` pairs; malformed pairs are ignored (P5). */
function parseOptions(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (s ?? '').split(/\s+/).filter(Boolean)) {
    const parts = pair.split(':');
    if (parts.length === 2 && parts[0] !== '') out[parts[0]!] = parts[1]!;
  }
  return out;
}

/**
 * Split a dbmate-style file into sections (dbmate-behaviours §1.3). Block text keeps the directive
 * line and surrounding blank lines byte for byte (P2); line endings are kept (P6).
 */
export function parseSections(file: string, location: string): Section[] {
  const text = stripBom(file);
  // Split keeping line terminators so block text is byte-identical to the file.
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const sections: Section[] = [];
  type Open = { kind: 'up' | 'down'; start: number; line: number; transaction: boolean };
  let up: Open | null = null;
  let down: Open | null = null;
  let offset = 0;
  const fail = (msg: string, line: number): never => {
    throw new ShaleError('E_PARSE', `${location}:${line}: ${msg}`, { file: location, line });
  };
  const close = (end: number, line: number): void => {
    if (!up) return;
    if (!down) fail(`each migration must define a down block ('-- migrate:down') after '-- migrate:up' at line ${up.line}`, line);
    sections.push({
      up: { text: text.slice(up.start, down!.start), line: up.line, transaction: up.transaction },
      down: { text: text.slice(down!.start, end), line: down!.line, transaction: down!.transaction },
    });
    up = null;
    down = null;
  };
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.replace(/\r?\n$/, '').trimEnd();
    const m = MARKER_RE.exec(line);
    if (m) {
      const opts = parseOptions(m[2]);
      const open: Open = { kind: m[1] as 'up' | 'down', start: offset, line: lineNo, transaction: opts['transaction'] !== 'false' };
      if (open.kind === 'up') {
        close(offset, lineNo);
        up = open;
      } else {
        if (!up) fail(`'-- migrate:up' must appear before '-- migrate:down'`, lineNo);
        if (down) fail(`a section may have only one '-- migrate:down'`, lineNo);
        down = open;
      }
    } else if (!up && line.trim() !== '' && !line.trim().startsWith('--')) {
      fail(`statements preceding the '-- migrate:up' block`, lineNo);
    }
    offset += raw.length;
  });
  if (!up && sections.length === 0) fail(`each migration must define an up block ('-- migrate:up')`, 1);
  close(text.length, lines.length);
  return sections;
}
