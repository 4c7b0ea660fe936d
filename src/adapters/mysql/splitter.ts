import { assertPlainSql, isUnicodeSpace, trimSql, unicodeSpaceError } from '../../core/migration-text.js';
import { ShaleError } from '../../errors.js';
import type { Statement } from '../adapter.js';

/** Statements whose body may be a compound `BEGIN … END` block with `;` inside it. */
const ROUTINE_KINDS = new Set(['PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT', 'PACKAGE']);
/** Object kinds after CREATE/ALTER that settle a statement as not a routine. */
const OTHER_KINDS = new Set(['TABLE', 'VIEW', 'INDEX', 'DATABASE', 'SCHEMA', 'USER', 'ROLE', 'SEQUENCE', 'SERVER', 'TABLESPACE', 'LOGFILE', 'INSTANCE', 'RESOURCE']);
/** `END IF`, `END LOOP`, … (MariaDB's `FOR … END FOR` too): they close constructs that never hold a plain `END`, so they are not counted. */
const END_OF_OTHER = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT', 'FOR']);

const isWordStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordChar = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;

/**
 * Split a MySQL/MariaDB script into statements the way the `mysql` client does: quotes (`''`,
 * `""`, backticks; backslash escapes), `#`, `-- ` and `/* *\/` comments (`/*! … *\/` executable
 * comments are kept as SQL), `DELIMITER` lines, and — without DELIMITER — the `BEGIN … END` bodies
 * of procedures, functions, triggers and events (nested blocks, `CASE … END`, `END IF|LOOP|WHILE|
 * CASE|REPEAT`) and MariaDB's `BEGIN NOT ATOMIC` blocks. Comment-only pieces are dropped; leading
 * comments are not part of a statement. Throws E_PARSE with `details.offset` on an unterminated
 * quote, comment or block, a NUL or control character, and a Unicode space outside quotes and comments.
 */
export function splitMysql(script: string): Statement[] {
  assertPlainSql(script);
  const out: Statement[] = [];
  const n = script.length;
  let delim = ';';
  let i = 0;
  let start = -1; // offset of the current statement's first character of SQL (-1: nothing yet)
  let words: string[] = [];
  let routine: boolean | undefined;
  let blocks: { kind: 'BEGIN' | 'CASE'; offset: number }[] = [];

  const push = (end: number): void => {
    if (blocks.length > 0) throw new ShaleError('E_PARSE', `unterminated ${blocks[0]!.kind} … END block`, { offset: blocks[0]!.offset });
    if (start >= 0) out.push({ sql: trimSql(script.slice(start, end)), offset: start });
    start = -1;
    words = [];
    routine = undefined;
  };
  const content = (at: number): void => {
    if (start < 0) start = at;
  };
  const atLineStart = (at: number): boolean => {
    for (let k = at - 1; k >= 0; k--) {
      const c = script.charCodeAt(k);
      if (c === 10) return true;
      if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
  };
  const nextWord = (from: number): { word: string; end: number } | null => {
    let k = from;
    while (k < n && isSpace(script.charCodeAt(k))) k++;
    if (k >= n || !isWordStart(script.charCodeAt(k))) return null;
    let e = k + 1;
    while (e < n && isWordChar(script.charCodeAt(e))) e++;
    return { word: script.slice(k, e).toUpperCase(), end: e };
  };
  const onWord = (w: string, at: number, end: number): number => {
    if (words.length < 16) words.push(w);
    if (routine === undefined) routine = classify(words);
    if (routine === true && words.length === 3 && words[0] === 'BEGIN') blocks.push({ kind: 'BEGIN', offset: start });
    if (!routine) return end;
    const prev = at > 0 ? script[at - 1] : '';
    if (prev === '.' || prev === '@') return end; // `t.end`, `@begin`: names, not keywords
    if (w === 'BEGIN' && !(words.length <= 3 && words[0] === 'BEGIN')) blocks.push({ kind: 'BEGIN', offset: at });
    else if (w === 'CASE') blocks.push({ kind: 'CASE', offset: at });
    else if (w === 'END') {
      const next = nextWord(end);
      if (next && END_OF_OTHER.has(next.word)) return next.end;
      if (next?.word === 'CASE') {
        if (blocks[blocks.length - 1]?.kind === 'CASE') blocks.pop();
        return next.end;
      }
      blocks.pop();
    }
    return end;
  };

  while (i < n) {
    const c = script.charCodeAt(i);
    if (start < 0 && (c === 68 || c === 100) && /^delimiter[ \t]/i.test(script.slice(i, i + 10)) && atLineStart(i)) {
      const eol = script.indexOf('\n', i);
      const lineEnd = eol < 0 ? n : eol;
      const token = script.slice(i + 9, lineEnd).trim().split(/\s+/)[0] ?? '';
      if (token === '' || token.includes('\\')) throw new ShaleError('E_PARSE', 'DELIMITER needs a delimiter (without backslashes)', { offset: i });
      delim = token;
      i = lineEnd;
      continue;
    }
    if ((delim !== ';' || blocks.length === 0) && script.startsWith(delim, i)) {
      push(i);
      i += delim.length;
      continue;
    }
    if (c === 35 || (c === 45 && script.charCodeAt(i + 1) === 45 && (i + 2 >= n || script.charCodeAt(i + 2) <= 32))) {
      const e = script.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === 47 && script[i + 1] === '*') {
      const e = script.indexOf('*/', i + 2);
      if (e < 0) throw new ShaleError('E_PARSE', 'unterminated /* comment', { offset: i });
      if (script[i + 2] === '!' || script.startsWith('M!', i + 2)) content(i); // executable comment: SQL for the server
      i = e + 2;
    } else if (c === 39 || c === 34 || c === 96) {
      content(i);
      i = skipQuoted(script, i);
    } else if (delim === ';' && isWordStart(c)) {
      content(i);
      let e = i + 1;
      while (e < n && isWordChar(script.charCodeAt(e))) e++;
      i = onWord(script.slice(i, e).toUpperCase(), i, e);
    } else {
      if (isUnicodeSpace(c)) throw unicodeSpaceError(c, i);
      if (!isSpace(c)) content(i);
      i++;
    }
  }
  push(n);
  return out;
}

/** Offset just after the quoted text starting at `at`; `''` doubling everywhere, backslash escapes in strings. */
function skipQuoted(script: string, at: number): number {
  const q = script[at]!;
  for (let k = at + 1; k < script.length; k++) {
    const ch = script[k];
    if (ch === '\\' && q !== '`') k++;
    else if (ch === q) {
      if (script[k + 1] === q) k++;
      else return k + 1;
    }
  }
  throw new ShaleError('E_PARSE', `unterminated ${q === '`' ? 'quoted identifier' : 'string'}`, { offset: at });
}

/** Whether the statement whose first keywords are `w` can hold a compound body; undefined while unsure. */
function classify(w: readonly string[]): boolean | undefined {
  const first = w[0]!;
  if (first === 'BEGIN') {
    if (w.length < 3) return w.length === 2 && w[1] !== 'NOT' ? false : undefined;
    return w[1] === 'NOT' && w[2] === 'ATOMIC';
  }
  if (first !== 'CREATE' && first !== 'ALTER') return false;
  const last = w[w.length - 1]!;
  if (ROUTINE_KINDS.has(last)) return true;
  if (OTHER_KINDS.has(last) || w.length >= 16) return false;
  return undefined;
}
