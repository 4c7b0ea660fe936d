/** What the leading `--` comment lines of a migration say (DESIGN §3, yoyo C8/C9, B1). */
export interface LeadingDirectives {
  readonly depends: string[];
  /** `false` when `-- transaction: false` (or `transactional: false`) is present. */
  readonly transaction: boolean;
  readonly description: string;
}

/** File text without a leading byte-order mark: databases reject it, and editors do not show it. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const DEPENDS_RE = /^--\s*depends\s*:(.*)$/i;
const TRANSACTION_RE = /^--\s*transaction(?:al)?\s*:\s*(\S+)\s*$/i;

/**
 * Read directives and the description from the comment lines at the top of `text`.
 * Scanning stops at the first line that is neither blank nor a `--` comment, or at `stopAt` lines
 * (e.g. a dbmate `-- migrate:up` marker).
 */
export function readLeadingDirectives(text: string, stopAt?: RegExp): LeadingDirectives {
  const depends: string[] = [];
  let transaction = true;
  const description: string[] = [];
  for (const raw of leadingLines(stripBom(text))) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('--') || (stopAt && stopAt.test(line))) break;
    const dep = DEPENDS_RE.exec(line);
    if (dep) {
      depends.push(...(dep[1] ?? '').split(/[\s,]+/).filter(Boolean));
      continue;
    }
    const tx = TRANSACTION_RE.exec(line);
    if (tx) {
      transaction = (tx[1] ?? '').toLowerCase() !== 'false';
      continue;
    }
    const d = line.replace(/^--+\s?/, '').trimEnd();
    if (d !== '') description.push(d);
  }
  return { depends, transaction, description: description.join(' ') };
}

/** Lines of `text` from the top, produced lazily: directive scanning stops early in long files. */
function* leadingLines(text: string): Generator<string> {
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    yield text.slice(start, end).replace(/\r$/, '');
    if (nl < 0) return;
    start = nl + 1;
  }
}
