/**
 * MySQL/MariaDB statements as the linter reads them: the DDL its rules look at, read from tokens
 * (ALTER TABLE with its actions and ALGORITHM/LOCK clauses, CREATE/DROP/RENAME TABLE, CREATE INDEX,
 * SET); anything else is `other`.
 */
import { isWord, nameOf, qualifiedName, splitTopLevel, sqlTokens, type SqlToken } from '../tokens.js';

export type MyAction =
  | { readonly kind: 'add-column'; readonly column: string; readonly notNull: boolean; readonly hasDefault: boolean; readonly filled: boolean }
  | { readonly kind: 'modify-column'; readonly column: string; readonly newName: string | null; readonly enumOrSet: boolean }
  | { readonly kind: 'drop-column'; readonly column: string }
  | { readonly kind: 'rename-column'; readonly from: string; readonly to: string }
  | { readonly kind: 'add-foreign-key' }
  | { readonly kind: 'add-primary-key' }
  | { readonly kind: 'drop-primary-key' }
  | { readonly kind: 'convert-charset' }
  | { readonly kind: 'rename-table'; readonly to: string }
  | { readonly kind: 'other' };

export type MyStatement =
  /** `filled`: CREATE TABLE … SELECT, which holds rows from the start. */
  | { readonly kind: 'create-table'; readonly table: string; readonly filled: boolean }
  | { readonly kind: 'alter-table'; readonly table: string; readonly actions: readonly MyAction[]; readonly algorithm: string | null; readonly lock: string | null }
  | { readonly kind: 'drop-table'; readonly tables: readonly string[]; readonly temporary: boolean }
  | { readonly kind: 'rename-table'; readonly pairs: readonly (readonly [string, string])[] }
  | { readonly kind: 'set'; readonly assignments: readonly { readonly name: string; readonly value: string }[] }
  | { readonly kind: 'transaction'; readonly effect: 'begin' | 'end' }
  | { readonly kind: 'other' };

const TOKENS = { hashComments: true, backslashEscapes: true, doubleQuotedStrings: true, mysqlComments: true } as const;

export function readMysql(sql: string): MyStatement {
  const t = sqlTokens(sql, TOKENS);
  const head = t[0]?.value;
  if (head === 'ALTER') return alterTable(t);
  if (head === 'CREATE') return createTable(t);
  if (head === 'DROP' && isWord(t[1], 'TABLE', 'TEMPORARY')) return dropTable(t);
  if (head === 'RENAME' && isWord(t[1], 'TABLE')) return renameTable(t);
  if (head === 'SET') return setting(t);
  if (head === 'BEGIN' || (head === 'START' && isWord(t[1], 'TRANSACTION'))) return { kind: 'transaction', effect: 'begin' };
  if (head === 'COMMIT' || head === 'ROLLBACK') return { kind: 'transaction', effect: 'end' };
  return { kind: 'other' };
}

/** The index of the first token at or after `at` that is not one of `words`. */
function skipWords(t: readonly SqlToken[], at: number, ...words: string[]): number {
  let i = at;
  while (isWord(t[i], ...words)) i++;
  return i;
}

function createTable(t: readonly SqlToken[]): MyStatement {
  const i = skipWords(t, 1, 'OR', 'REPLACE', 'TEMPORARY');
  if (!isWord(t[i], 'TABLE')) return { kind: 'other' };
  const name = qualifiedName(t, isWord(t[i + 1], 'IF') ? i + 4 : i + 1);
  return name ? { kind: 'create-table', table: name.name, filled: t.some((x) => isWord(x, 'SELECT')) } : { kind: 'other' };
}

function dropTable(t: readonly SqlToken[]): MyStatement {
  let i = skipWords(t, 1, 'TEMPORARY', 'TABLE');
  if (isWord(t[i], 'IF')) i += 2;
  const tables = splitTopLevel(t.slice(i)).map((part) => qualifiedName(part, 0)?.name).filter((n): n is string => !!n);
  return { kind: 'drop-table', tables, temporary: isWord(t[1], 'TEMPORARY') };
}

function renameTable(t: readonly SqlToken[]): MyStatement {
  const pairs = splitTopLevel(t.slice(2)).flatMap((part): [string, string][] => {
    const from = qualifiedName(part, 0);
    const to = from && isWord(part[from.next], 'TO') ? qualifiedName(part, from.next + 1) : null;
    return from && to ? [[from.name, to.name]] : [];
  });
  return { kind: 'rename-table', pairs };
}

/** `SET [SESSION|LOCAL] x = v, @@session.y = w, …`: each assignment, names lower-cased. */
function setting(t: readonly SqlToken[]): MyStatement {
  const assignments = splitTopLevel(t.slice(1)).flatMap((part) => {
    let i = skipWords(part, 0, 'SESSION', 'LOCAL');
    while (part[i]?.value === '@') i++;
    // @@session.x, @@local.x: the scope is not part of the name.
    if (isWord(part[i], 'SESSION', 'LOCAL', 'GLOBAL') && part[i + 1]?.value === '.') i += 2;
    const name = nameOf(part[i]);
    const eq = part.findIndex((x, k) => k > i && (x.value === '=' || x.value === ':'));
    if (!name || eq < 0) return [];
    return [{ name: name.toLowerCase(), value: part.slice(eq + (part[eq + 1]?.value === '=' ? 2 : 1)).map((x) => x.value).join(' ') }];
  });
  return assignments.length > 0 ? { kind: 'set', assignments } : { kind: 'other' };
}

function alterTable(t: readonly SqlToken[]): MyStatement {
  const i = skipWords(t, 1, 'ONLINE', 'IGNORE');
  if (!isWord(t[i], 'TABLE')) return { kind: 'other' };
  const name = qualifiedName(t, i + 1);
  if (!name) return { kind: 'other' };
  let algorithm: string | null = null;
  let lock: string | null = null;
  const actions: MyAction[] = [];
  for (const part of splitTopLevel(t.slice(name.next))) {
    const option = clauseValue(part, 'ALGORITHM') ?? null;
    const lockValue = clauseValue(part, 'LOCK') ?? null;
    if (option !== null) algorithm = option;
    else if (lockValue !== null) lock = lockValue;
    else actions.push(...(isWord(part[0], 'ADD') ? addAction(part) : [alterAction(part)]));
  }
  return { kind: 'alter-table', table: name.name, actions, algorithm, lock };
}

/** `ALGORITHM [=] X` / `LOCK [=] X`: X upper-cased, or undefined when the clause is another. */
function clauseValue(part: readonly SqlToken[], word: string): string | undefined {
  if (!isWord(part[0], word)) return undefined;
  return (part[1]?.value === '=' ? part[2] : part[1])?.value ?? '';
}

function alterAction(p: readonly SqlToken[]): MyAction {
  const verb = p[0]?.value;
  if (verb === 'MODIFY' || verb === 'CHANGE') {
    const at = isWord(p[1], 'COLUMN') ? 2 : 1;
    const column = nameOf(p[at]);
    if (!column) return { kind: 'other' };
    const newName = verb === 'CHANGE' ? nameOf(p[at + 1]) : null;
    const typeAt = verb === 'CHANGE' ? at + 2 : at + 1;
    return { kind: 'modify-column', column, newName, enumOrSet: isWord(p[typeAt], 'ENUM', 'SET') };
  }
  if (verb === 'DROP') {
    if (isWord(p[1], 'PRIMARY')) return { kind: 'drop-primary-key' };
    if (isWord(p[1], 'INDEX', 'KEY', 'FOREIGN', 'CHECK', 'CONSTRAINT', 'PARTITION')) return { kind: 'other' };
    const at = isWord(p[1], 'COLUMN') ? 2 : 1;
    const column = nameOf(isWord(p[at], 'IF') ? p[at + 2] : p[at]);
    return column ? { kind: 'drop-column', column } : { kind: 'other' };
  }
  if (verb === 'RENAME') {
    if (isWord(p[1], 'COLUMN') && isWord(p[3], 'TO')) return { kind: 'rename-column', from: nameOf(p[2]) ?? '', to: nameOf(p[4]) ?? '' };
    if (isWord(p[1], 'INDEX', 'KEY')) return { kind: 'other' };
    const to = qualifiedName(p, isWord(p[1], 'TO', 'AS') ? 2 : 1);
    return to ? { kind: 'rename-table', to: to.name } : { kind: 'other' };
  }
  if (verb === 'CONVERT') return { kind: 'convert-charset' };
  return { kind: 'other' };
}

function addAction(p: readonly SqlToken[]): MyAction[] {
  let i = 1;
  if (isWord(p[i], 'CONSTRAINT')) i += nameOf(p[i + 1]) !== null && !isWord(p[i + 1], 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK') ? 2 : 1;
  if (isWord(p[i], 'PRIMARY')) return [{ kind: 'add-primary-key' }];
  if (isWord(p[i], 'FOREIGN')) return [{ kind: 'add-foreign-key' }];
  if (isWord(p[i], 'INDEX', 'KEY', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'CHECK', 'PARTITION', 'PERIOD', 'SYSTEM')) return [{ kind: 'other' }];
  if (isWord(p[i], 'COLUMN')) i++;
  if (isWord(p[i], 'IF')) i += 3;
  // ADD (a int, b int) adds several columns, each read on its own.
  if (p[i]?.value === '(') return splitTopLevel(p.slice(i + 1, p.length - (p[p.length - 1]?.value === ')' ? 1 : 0))).map(addedColumn);
  return [addedColumn(p.slice(i))];
}

/** A column definition: its name and what its rows get. */
function addedColumn(def: readonly SqlToken[]): MyAction {
  const column = nameOf(def[0]);
  if (!column) return { kind: 'other' };
  const rest = def.slice(1);
  const words = new Set(rest.filter((x) => x.kind === 'word').map((x) => x.value));
  const notNull = rest.some((x, k) => isWord(x, 'NOT') && isWord(rest[k + 1], 'NULL'));
  const filled = words.has('AUTO_INCREMENT') || words.has('GENERATED') || words.has('AS') || words.has('SERIAL');
  return { kind: 'add-column', column, notNull, hasDefault: words.has('DEFAULT'), filled };
}
