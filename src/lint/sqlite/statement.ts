/**
 * SQLite statements as the linter reads them, from tokens: ALTER TABLE (ADD/DROP/RENAME COLUMN,
 * RENAME TO), CREATE TABLE with the columns its keys use, CREATE INDEX, DROP TABLE, PRAGMA and
 * transaction control; anything else is `other`.
 */
import { isWord, nameOf, qualifiedName, splitTopLevel, sqlTokens, type SqlToken } from '../tokens.js';

/** What an added column's definition says. */
export interface AddedColumn {
  readonly name: string;
  readonly notNull: boolean;
  /** No DEFAULT, or DEFAULT NULL. */
  readonly nullDefault: boolean;
  /** What SQLite's ADD COLUMN refuses: PRIMARY KEY, UNIQUE, a STORED generated column. */
  readonly refused: readonly string[];
  /** What it refuses on a table with rows: a CURRENT_TIME/DATE/TIMESTAMP or expression default. */
  readonly refusedWithRows: readonly string[];
}

export type SqStatement =
  | { readonly kind: 'add-column'; readonly table: string; readonly column: AddedColumn }
  | { readonly kind: 'drop-column'; readonly table: string; readonly column: string }
  | { readonly kind: 'rename-column'; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: 'rename-table'; readonly table: string; readonly to: string }
  | { readonly kind: 'create-table'; readonly table: string; readonly bound: readonly string[] }
  | { readonly kind: 'create-index'; readonly table: string; readonly columns: readonly string[] }
  | { readonly kind: 'drop-table'; readonly table: string }
  | { readonly kind: 'pragma'; readonly name: string; readonly value: string | null }
  | { readonly kind: 'transaction'; readonly effect: 'begin' | 'end' }
  | { readonly kind: 'other' };

const TOKENS = { bracketIdentifiers: true } as const;

export function readSqlite(sql: string): SqStatement {
  const t = sqlTokens(sql, TOKENS);
  switch (t[0]?.value) {
    case 'ALTER':
      return alterTable(t);
    case 'CREATE':
      return create(t);
    case 'DROP': {
      if (!isWord(t[1], 'TABLE')) return { kind: 'other' };
      const name = qualifiedName(t, isWord(t[2], 'IF') ? 4 : 2);
      return name ? { kind: 'drop-table', table: name.name } : { kind: 'other' };
    }
    case 'PRAGMA': {
      const name = qualifiedName(t, 1);
      if (!name) return { kind: 'other' };
      const v = t[name.next]?.value === '=' ? t[name.next + 1] : t[name.next]?.value === '(' ? t[name.next + 1] : undefined;
      return { kind: 'pragma', name: name.name.toLowerCase(), value: v ? v.value.toUpperCase() : null };
    }
    case 'BEGIN':
    case 'SAVEPOINT':
      return { kind: 'transaction', effect: 'begin' };
    case 'COMMIT':
    case 'END':
      return { kind: 'transaction', effect: 'end' };
    case 'ROLLBACK':
      return isWord(t[1], 'TO') || isWord(t[2], 'TO') ? { kind: 'other' } : { kind: 'transaction', effect: 'end' };
    default:
      return { kind: 'other' };
  }
}

function alterTable(t: readonly SqlToken[]): SqStatement {
  if (!isWord(t[1], 'TABLE')) return { kind: 'other' };
  const name = qualifiedName(t, 2);
  if (!name) return { kind: 'other' };
  const table = name.name;
  let i = name.next;
  if (isWord(t[i], 'ADD')) {
    i += isWord(t[i + 1], 'COLUMN') ? 2 : 1;
    const column = nameOf(t[i]);
    return column ? { kind: 'add-column', table, column: addedColumn(column, t.slice(i + 1)) } : { kind: 'other' };
  }
  if (isWord(t[i], 'DROP')) {
    const column = nameOf(t[i + (isWord(t[i + 1], 'COLUMN') ? 2 : 1)]);
    return column ? { kind: 'drop-column', table, column } : { kind: 'other' };
  }
  if (isWord(t[i], 'RENAME')) {
    if (isWord(t[i + 1], 'TO')) return { kind: 'rename-table', table, to: nameOf(t[i + 2]) ?? '' };
    i += isWord(t[i + 1], 'COLUMN') ? 2 : 1;
    return isWord(t[i + 1], 'TO') ? { kind: 'rename-column', table, from: nameOf(t[i]) ?? '', to: nameOf(t[i + 2]) ?? '' } : { kind: 'other' };
  }
  return { kind: 'other' };
}

const NOW = new Set(['CURRENT_TIME', 'CURRENT_DATE', 'CURRENT_TIMESTAMP']);

function addedColumn(name: string, def: readonly SqlToken[]): AddedColumn {
  const refused: string[] = [];
  const refusedWithRows: string[] = [];
  let notNull = false;
  let nullDefault = true;
  def.forEach((x, k) => {
    if (isWord(x, 'NOT') && isWord(def[k + 1], 'NULL')) notNull = true;
    if (isWord(x, 'PRIMARY')) refused.push('PRIMARY KEY');
    if (isWord(x, 'UNIQUE')) refused.push('UNIQUE');
    if (isWord(x, 'STORED')) refused.push('a STORED generated column');
    if (isWord(x, 'DEFAULT')) {
      const v = def[k + 1];
      nullDefault = isWord(v, 'NULL');
      // `(1)` is a constant; `(1 + 1)` or `(abs(x))` is an expression.
      const expression = v?.value === '(' && !(def[k + 3]?.value === ')' && ['number', 'string'].includes(def[k + 2]?.kind ?? ''));
      if (v && ((v.kind === 'word' && NOW.has(v.value)) || expression)) refusedWithRows.push(`DEFAULT ${expression ? '(expression)' : v.value}`);
    }
  });
  // A generated column has no default: its value is computed.
  if (def.some((x) => isWord(x, 'AS', 'GENERATED'))) nullDefault = false;
  return { name, notNull, nullDefault, refused, refusedWithRows };
}

function create(t: readonly SqlToken[]): SqStatement {
  let i = 1;
  while (isWord(t[i], 'TEMP', 'TEMPORARY', 'UNIQUE', 'VIRTUAL')) i++;
  if (isWord(t[i], 'INDEX')) {
    const at = isWord(t[i + 1], 'IF') ? i + 4 : i + 1;
    const on = t.findIndex((x, k) => k > at && isWord(x, 'ON'));
    const table = on > 0 ? qualifiedName(t, on + 1) : null;
    if (!table || t[table.next]?.value !== '(') return { kind: 'other' };
    return { kind: 'create-index', table: table.name, columns: columnNames(t.slice(table.next + 1)) };
  }
  if (!isWord(t[i], 'TABLE')) return { kind: 'other' };
  const name = qualifiedName(t, isWord(t[i + 1], 'IF') ? i + 4 : i + 1);
  if (!name) return { kind: 'other' };
  if (t[name.next]?.value !== '(') return { kind: 'create-table', table: name.name, bound: [] };
  return { kind: 'create-table', table: name.name, bound: boundColumns(t.slice(name.next + 1)) };
}

/** The plain column names of a parenthesised list (expressions left out), up to its `)`. */
function columnNames(t: readonly SqlToken[]): string[] {
  let depth = 0;
  let end = t.length;
  for (let k = 0; k < t.length; k++) {
    if (t[k]!.value === '(') depth++;
    if (t[k]!.value === ')' && depth-- === 0) {
      end = k;
      break;
    }
  }
  return splitTopLevel(t.slice(0, end)).flatMap((part) => (nameOf(part[0]) && (part.length === 1 || isWord(part[1], 'ASC', 'DESC', 'COLLATE')) ? [nameOf(part[0])!] : []));
}

/**
 * The columns of a CREATE TABLE body that SQLite will not drop: those of a PRIMARY KEY or UNIQUE
 * (on the column or the table) and of a table-level FOREIGN KEY (a column's own REFERENCES goes
 * away with it).
 */
function boundColumns(body: readonly SqlToken[]): string[] {
  const out: string[] = [];
  for (const part of splitTopLevel(body)) {
    const head = part[0];
    if (isWord(head, 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK')) {
      const open = part.findIndex((x) => x.value === '(');
      if (!isWord(head, 'CHECK') && open >= 0) out.push(...columnNames(part.slice(open + 1)));
    } else if (part.some((x) => isWord(x, 'PRIMARY', 'UNIQUE'))) {
      const column = nameOf(head);
      if (column) out.push(column);
    }
  }
  return out;
}
