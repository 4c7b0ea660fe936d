import type { Check, GeneratedColumn } from './model.js';
import { closingParen, createdObject, identOf, isWord, normaliseTokens, splitTopLevel, tokenize, type Token } from './tokens.js';

/** What a CREATE TABLE text says that the pragmas do not. */
export interface ParsedTable {
  readonly strict: boolean;
  readonly withoutRowid: boolean;
  readonly autoincrement: boolean;
  readonly columns: readonly ParsedColumn[];
  readonly checks: readonly Check[];
  /** FOREIGN KEY clauses (table- and column-level), in the order written. */
  readonly foreignKeys: readonly ParsedForeignKey[];
}

export interface ParsedColumn {
  readonly name: string;
  readonly collation: string | null;
  readonly generated: GeneratedColumn | null;
  /** The definition as written. */
  readonly definition: string;
}

export interface ParsedForeignKey {
  readonly columns: readonly string[];
  readonly table: string;
  readonly deferred: boolean;
}

const TABLE_CONSTRAINT = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'];

/**
 * Read a CREATE TABLE text (as `sqlite_schema.sql` keeps it). `CREATE TABLE … AS SELECT` has no
 * definitions: only what the pragmas say.
 * @example parseCreateTable('create table t (a text collate nocase check (a <> \'\'))').checks[0]?.expression // "A <> ''"
 */
export function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql);
  const head = createdObject(tokens);
  const open = head?.after ?? 0;
  const empty: ParsedTable = { strict: false, withoutRowid: false, autoincrement: false, columns: [], checks: [], foreignKeys: [] };
  if (tokens[open]?.text !== '(') return empty;
  const close = closingParen(tokens, open);
  const options = tokens.slice(close + 1);
  const out = {
    strict: options.some((t) => isWord(t, 'STRICT')),
    withoutRowid: options.some((t, i) => isWord(t, 'WITHOUT') && isWord(options[i + 1], 'ROWID')),
    autoincrement: false,
    columns: [] as ParsedColumn[],
    checks: [] as Check[],
    foreignKeys: [] as ParsedForeignKey[],
  };
  for (const item of splitTopLevel(tokens.slice(open + 1, close))) {
    if (item[0]?.kind === 'word' && TABLE_CONSTRAINT.includes(item[0].text.toUpperCase())) {
      readTableConstraint(item, out);
      continue;
    }
    const name = identOf(item[0]);
    if (name === null) continue;
    const c = readColumnConstraints(item.slice(1), name, out);
    out.columns.push({ name, ...c, definition: sql.slice(item[0]!.start, item[item.length - 1]!.end) });
  }
  return out;
}

type Sink = { autoincrement: boolean; checks: Check[]; foreignKeys: ParsedForeignKey[] };

/** The parenthesised group at `open` (without the parentheses) and the index after it. */
function group(tokens: readonly Token[], open: number): { inner: Token[]; next: number } {
  if (tokens[open]?.text !== '(') return { inner: [], next: open };
  const close = closingParen(tokens, open);
  return { inner: tokens.slice(open + 1, close), next: close + 1 };
}

function names(tokens: readonly Token[]): string[] {
  return splitTopLevel(tokens).map((part) => identOf(part[0]) ?? '');
}

function readTableConstraint(item: readonly Token[], out: Sink): void {
  let i = 0;
  let name: string | null = null;
  if (isWord(item[0], 'CONSTRAINT')) {
    name = identOf(item[1]);
    i = 2;
  }
  if (isWord(item[i], 'CHECK')) {
    out.checks.push({ name, expression: normaliseTokens(group(item, i + 1).inner) });
  } else if (isWord(item[i], 'FOREIGN')) {
    const cols = group(item, i + 2);
    out.foreignKeys.push(references(names(cols.inner), item.slice(cols.next)));
  } else if (isWord(item[i], 'PRIMARY') && item.some((t) => isWord(t, 'AUTOINCREMENT'))) {
    out.autoincrement = true;
  }
}

/** `REFERENCES table [(cols)] …` at the start of `rest`. */
function references(columns: readonly string[], rest: readonly Token[]): ParsedForeignKey {
  const table = identOf(rest[1]) ?? '';
  let deferred = false;
  for (let i = 0; i < rest.length; i++) {
    if (isWord(rest[i], 'DEFERRABLE') && !isWord(rest[i - 1], 'NOT')) deferred = isWord(rest[i + 1], 'INITIALLY') && isWord(rest[i + 2], 'DEFERRED');
  }
  return { columns, table, deferred };
}

/** Column constraints after the name; returns the collation and generated expression. */
function readColumnConstraints(rest: readonly Token[], column: string, out: Sink): { collation: string | null; generated: GeneratedColumn | null } {
  let collation: string | null = null;
  let generated: GeneratedColumn | null = null;
  let constraintName: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    if (t.text === '(') {
      i = closingParen(rest, i);
      continue;
    }
    if (t.kind !== 'word') continue;
    switch (t.text.toUpperCase()) {
      case 'CONSTRAINT':
        constraintName = identOf(rest[++i]);
        break;
      case 'COLLATE':
        collation = (identOf(rest[++i]) ?? '').toUpperCase();
        break;
      case 'CHECK': {
        const g = group(rest, i + 1);
        out.checks.push({ name: constraintName, expression: normaliseTokens(g.inner) });
        i = g.next - 1;
        break;
      }
      case 'AS': {
        const g = group(rest, i + 1);
        generated = { expression: normaliseTokens(g.inner), stored: isWord(rest[g.next], 'STORED') };
        i = g.next - 1;
        break;
      }
      case 'REFERENCES': {
        const tail = rest.slice(i);
        const refs = references([column], tail);
        out.foreignKeys.push(refs);
        break;
      }
      case 'AUTOINCREMENT':
        out.autoincrement = true;
        break;
      default:
        break;
    }
  }
  return { collation, generated };
}
