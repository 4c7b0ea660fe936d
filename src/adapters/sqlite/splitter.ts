import { assertPlainSql, isUnicodeSpace, leadingSpace, trimSql, unicodeSpaceError } from '../../core/migration-text.js';
import { ShaleError } from '../../errors.js';
import type { Statement } from '../adapter.js';

/**
 * Split SQLite script text into statements. Handles quotes ('', "", ``, []), comments, and the
 * `BEGIN … END` body of `CREATE TRIGGER` (with `CASE … END` inside it); comment-only pieces are
 * dropped and leading comments are not part of a statement. A NUL or control character,
 * and a Unicode space outside quotes and comments, are E_PARSE with `details.offset`.
 */
export function splitSqlite(script: string): Statement[] {
  assertPlainSql(script);
  const out: Statement[] = [];
  let start = 0;
  let i = 0;
  let words: string[] = []; // first keywords of the current statement
  let inTrigger = false;
  let depth = 0; // BEGIN/CASE nesting inside a trigger body
  const n = script.length;
  const push = (end: number): void => {
    // Leading comments are not part of a statement (as on PostgreSQL and MySQL): its offset, and
    // so an error's file:line:col, is where its first word is.
    const text = script.slice(start, end);
    const lead = leadingSpaceAndComments(text);
    const sql = trimSql(text.slice(lead));
    if (sql !== '') out.push({ sql, offset: start + lead });
    start = end + 1;
    words = [];
    inTrigger = false;
    depth = 0;
  };
  while (i < n) {
    const c = script[i]!;
    if (c === '-' && script[i + 1] === '-') {
      const e = script.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === '/' && script[i + 1] === '*') {
      const e = script.indexOf('*/', i + 2);
      if (e < 0) throw new ShaleError('E_PARSE', 'unterminated /* comment', { offset: i });
      i = e + 2;
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      for (;;) {
        const e = script.indexOf(close, j);
        if (e < 0) throw new ShaleError('E_PARSE', `unterminated ${c === "'" ? 'string' : 'quoted identifier'}`, { offset: i });
        if (close !== ']' && script[e + 1] === close) {
          j = e + 2;
          continue;
        }
        i = e + 1;
        break;
      }
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(script[j]!)) j++;
      const w = script.slice(i, j).toUpperCase();
      if (words.length < 4) {
        words.push(w);
        if (words[0] === 'CREATE' && w === 'TRIGGER') inTrigger = true;
      }
      // `new.end`, `t.case`: after a dot a word is a column name, not a keyword.
      if (inTrigger && !afterDot(script, i)) {
        if (w === 'BEGIN' || w === 'CASE') depth++;
        else if (w === 'END' && depth > 0) depth--;
      }
      i = j;
    } else if (c === ';') {
      if (depth === 0) push(i);
      i++;
    } else if (isUnicodeSpace(script.charCodeAt(i))) throw unicodeSpaceError(script.charCodeAt(i), i);
    else i++;
  }
  push(n);
  return out;
}

function afterDot(script: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && /\s/.test(script[j]!)) j--;
  return script[j] === '.';
}

/** Length of the whitespace and comments at the start of `text` (a statement's piece, its comments closed). */
function leadingSpaceAndComments(text: string): number {
  let i = 0;
  for (;;) {
    i += leadingSpace(text.slice(i));
    if (text.startsWith('--', i)) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e + 1;
    } else if (text.startsWith('/*', i)) {
      i = text.indexOf('*/', i + 2) + 2;
    } else return i;
  }
}
