// Worker for test/unit/splitters/splitter-fuzz.test.ts: generates seeded inputs, splits each, checks the
// coverage property, and reports every input before running it so the parent's watchdog can name
// the one that hangs. Runs in a worker because a hung synchronous splitter cannot be interrupted.
import { parentPort, workerData } from 'node:worker_threads';
import { Buffer } from 'node:buffer';
import { isShaleError } from '../../../src/errors.js';
import { decodeMigrationFile, findForbiddenChar } from '../../../src/core/migration-text.js';
import { loadPgParser, splitPostgres } from '../../../src/adapters/postgres/splitter.js';
import { splitMysql } from '../../../src/adapters/mysql/splitter.js';
import { splitSqlite } from '../../../src/adapters/sqlite/splitter.js';
import type { Statement } from '../../../src/adapters/adapter.js';

export type Dialect = 'postgres' | 'mysql' | 'sqlite' | 'decoder';
export interface FuzzJob {
  readonly dialect: Dialect;
  readonly seed: number;
  readonly count: number;
}
export type FuzzMessage =
  | { readonly type: 'start'; readonly i: number; readonly input: string }
  | { readonly type: 'done'; readonly i: number; readonly failure: string | null; readonly threw: boolean }
  | { readonly type: 'end' };

/** mulberry32: a small seeded PRNG, so a failing seed reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = [
  'select 1', 'create table t (x int)', "insert into t values ('a;b')", "select 'it''s; ok'", 'select "a;b" from t',
  'select 1 /* c; */ + 2', 'select (1)', 'select x from t where y = 2', "select 'é€😀'", 'select 1 -- c;\n',
  'create trigger tr after insert on t begin select 1; end', 'select case when 1 then 2 end',
];
const EXTRA: Record<Exclude<Dialect, 'decoder'>, string[]> = {
  postgres: [
    'select $$a;b$$', 'select $t$ x; $$ $t$', "select E'\\'; x'", "select e'a\\\\'", 'select 1 /* a /* b; */ c */',
    'create function f() returns int language sql begin atomic select 1; select 2; end', 'select $1', 'select a$b$ from t',
    'create rule r as on insert to t do also (insert into u values (1); insert into u values (2))', "select U&'d;'",
  ],
  mysql: [
    "select 'a\\';b'", 'select `a;b`', '# c;\n', 'select 1 -- x\n', '/*! select 1 */', 'create procedure p() begin select 1; end',
    'begin not atomic select 1; end', 'select 1--2', 'select "a\\";b"',
  ],
  sqlite: ['select [a;b]', 'select `a;b`', 'create trigger t2 before delete on t begin update t set x = new.end; end'],
};
const SEPARATORS = [';', ';\n', '\n', ' ', '\t', '\r\n', ';;', '\f'];
const COMMENTS = ['-- c;\n', '/* c; */', '-- last', '/* a */ '];
const UNICODE_SPACE = ['\u00a0', '\ufeff', '\u2028', '\u2029', '\u3000', '\u200a', '\u1680', '\u202f'];
const BAD = ['\0', '\x01', '\x0b', '\x1b', '\x7f', '\ud800', '\udc00'];
const UNTERMINATED = ["'abc", '"abc', '/* abc', '$$abc', '`abc', '[abc', "E'a\\'"];
const CHARS = ["'", '"', '$', '-', '/', '*', ';', '(', ')', '\\', '#', '`', '[', ']', 'e', 'E', '!', 'é', '😀', 'begin', 'end', 'case', ' '];

function generate(dialect: Exclude<Dialect, 'decoder'>, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const parts: string[] = [];
  const n = 1 + Math.floor(rnd() * 12);
  // Half the inputs hold nothing a splitter must refuse, so the coverage property gets exercised.
  const clean = rnd() < 0.5;
  for (let k = 0; k < n; k++) {
    const r = clean ? rnd() * 0.77 : rnd();
    if (r < 0.35) parts.push(pick(COMMON), pick(SEPARATORS));
    else if (r < 0.55) parts.push(pick(EXTRA[dialect]), pick(SEPARATORS));
    else if (r < 0.67) parts.push(pick(COMMENTS));
    else if (r < 0.77) parts.push(pick(SEPARATORS));
    else if (r < 0.84) parts.push(pick(UNICODE_SPACE));
    else if (r < 0.88) parts.push(pick(BAD));
    else if (r < 0.91) parts.push(pick(UNTERMINATED));
    else parts.push(pick(CHARS));
  }
  return parts.join('');
}

/** Bytes: ASCII SQL, valid multi-byte characters, and now and then an invalid byte or a control byte. */
function generateBytes(rnd: () => number): Uint8Array {
  const out: number[] = [];
  const n = Math.floor(rnd() * 40);
  for (let k = 0; k < n; k++) {
    const r = rnd();
    if (r < 0.6) out.push(...Buffer.from('select 1; '.slice(0, 1 + Math.floor(rnd() * 10))));
    else if (r < 0.8) out.push(...Buffer.from(['é', '€', '😀', '\u00a0'][Math.floor(rnd() * 4)]!));
    else if (r < 0.9) out.push(Math.floor(rnd() * 256));
    else out.push([0x00, 0x01, 0x0b, 0x7f, 0xc0, 0xed, 0xf4, 0xf5, 0xff][Math.floor(rnd() * 9)]!);
  }
  return Uint8Array.from(out);
}

/** `text` without the comments each dialect's lexer skips (gaps between statements hold no strings). */
function stripComments(dialect: Exclude<Dialect, 'decoder'>, text: string): string {
  if (dialect === 'mysql') return text.replace(/#[^\n]*(\n|$)|--(?=[\s\0-\x20]|$)[^\n]*(\n|$)|\/\*(?![!]|M!)[\s\S]*?\*\//g, ' ');
  if (dialect === 'sqlite') return text.replace(/--[^\n]*(\n|$)|\/\*[\s\S]*?\*\//g, ' ');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('--', i)) {
      const e = text.slice(i).search(/[\r\n]/);
      i = e < 0 ? text.length : i + e;
    } else if (text.startsWith('/*', i)) {
      let depth = 0;
      for (; i < text.length; i++) {
        if (text.startsWith('/*', i)) (depth++, i++);
        else if (text.startsWith('*/', i) && (i++, --depth === 0)) break;
      }
    } else out += text[i];
  }
  return out;
}

const SPLIT: Record<Exclude<Dialect, 'decoder'>, (s: string) => Statement[]> = { postgres: splitPostgres, mysql: splitMysql, sqlite: splitSqlite };

/** null when the property holds: statements cover all SQL of the input, or a clean E_PARSE with an offset. */
function checkSplit(dialect: Exclude<Dialect, 'decoder'>, input: string): { failure: string | null; threw: boolean } {
  let stmts: Statement[];
  try {
    stmts = SPLIT[dialect](input);
  } catch (e) {
    const offset = isShaleError(e, 'E_PARSE') ? e.details['offset'] : undefined;
    if (typeof offset === 'number' && offset >= 0 && offset <= input.length) return { failure: null, threw: true };
    return { failure: `threw ${isShaleError(e) ? `${e.code} ${JSON.stringify(e.details)}` : ''} ${String(e)}`, threw: true };
  }
  let pos = 0;
  const gaps: string[] = [];
  for (const s of stmts) {
    if (s.offset < pos) return { failure: `statement at ${s.offset} overlaps the previous one (ends at ${pos})`, threw: false };
    if (input.slice(s.offset, s.offset + s.sql.length) !== s.sql) return { failure: `statement at ${s.offset} is not the input text there: ${JSON.stringify(s.sql)}`, threw: false };
    if (stripComments(dialect, s.sql).trim() === '') return { failure: `empty (whitespace/comment-only) statement at ${s.offset}: ${JSON.stringify(s.sql)}`, threw: false };
    if (findForbiddenChar(s.sql) >= 0) return { failure: `statement at ${s.offset} holds a control character`, threw: false };
    gaps.push(input.slice(pos, s.offset));
    pos = s.offset + s.sql.length;
  }
  gaps.push(input.slice(pos));
  for (const g of gaps) {
    const rest = stripComments(dialect, g).replace(/;/g, '');
    if (!/^[ \t\r\n\f]*$/.test(rest)) return { failure: `text outside every statement: ${JSON.stringify(g)}`, threw: false };
  }
  return { failure: null, threw: false };
}

/** The decoder either returns exactly the UTF-8 text, or refuses at a byte offset whose prefix is valid. */
function checkDecode(bytes: Uint8Array): { failure: string | null; threw: boolean } {
  try {
    const text = decodeMigrationFile(bytes, 'f.sql');
    if (text !== Buffer.from(bytes).toString('utf8')) return { failure: 'decoded text differs from UTF-8', threw: false };
    if (findForbiddenChar(text) >= 0) return { failure: 'decoded text holds a control character', threw: false };
    return { failure: null, threw: false };
  } catch (e) {
    const at = isShaleError(e, 'E_PARSE') ? e.details['byteOffset'] : undefined;
    if (typeof at !== 'number' || at < 0 || at >= bytes.length) return { failure: `bad refusal: ${String(e)}`, threw: true };
    if (!new RegExp(`^f\\.sql: byte ${at}: `).test((e as Error).message)) return { failure: `message lacks file and byte: ${(e as Error).message}`, threw: true };
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, at));
    } catch {
      return { failure: `bytes before offset ${at} are not valid UTF-8 either`, threw: true };
    }
    return { failure: null, threw: true };
  }
}

const job = workerData as FuzzJob;
const post = (m: FuzzMessage): void => parentPort!.postMessage(m);
if (job.dialect === 'postgres') await loadPgParser();
const rnd = prng(job.seed);
for (let i = 0; i < job.count; i++) {
  if (job.dialect === 'decoder') {
    const bytes = generateBytes(rnd);
    post({ type: 'start', i, input: Buffer.from(bytes).toString('hex') });
    post({ type: 'done', i, ...checkDecode(bytes) });
  } else {
    const input = generate(job.dialect, rnd);
    post({ type: 'start', i, input });
    post({ type: 'done', i, ...checkSplit(job.dialect, input) });
  }
}
post({ type: 'end' });
