import { quoteIdent, quoteLiteral } from '../../adapters/sqlite/quote.js';
import { assertNever } from '../../errors.js';
import type { OutsideTransaction, PlannedStatement as DialectStatement } from '../dialect.js';
import type { Change } from './change.js';
import type { Table } from './model.js';
import { createdObject, tokenize } from './tokens.js';

/** One SQLite statement of a plan, with the object and the typed change it was rendered from. */
export type PlannedStatement = DialectStatement<Change>;

/** Name of the new table while a rebuild fills it. */
export function rebuildName(table: string): string {
  return `_shale_new_${table}`;
}

/** The table that makes a foreign key violation after a rebuild an error (a CHECK names the fix). */
const FK_CHECK_TABLE = '_shale_foreign_key_check';

/**
 * What a plan with a table rebuild needs outside its transaction: foreign keys off, since SQLite
 * ignores the setting inside a transaction, and with them on, dropping the old table would fail
 * or run the children's ON DELETE actions (CASCADE deletes their rows). Enforcement is not turned
 * back on: the plan cannot know whether it was on (shale's SQLite connections start with it off
 * unless the URL says `?foreign_keys=on`); the rebuild ends with a foreign key check instead.
 */
export const REBUILD_OUTSIDE_TRANSACTION: OutsideTransaction = { before: ['PRAGMA foreign_keys = OFF;'], after: [] };

/** Whether a change must run with foreign keys off (see {@link REBUILD_OUTSIDE_TRANSACTION}). */
export function needsForeignKeysOff(c: Change): boolean {
  return c.kind === 'rebuildTable' || c.kind === 'dropTable';
}

/** Whether a change can lose data or behaviour; decided from the change, never from its SQL. */
export function isDestructive(c: Change): boolean {
  switch (c.kind) {
    case 'dropTable':
    case 'dropColumn':
      return true;
    case 'rebuildTable':
      return c.lost.length > 0;
    case 'dropIndex':
    case 'dropView':
      return !c.recreate;
    case 'dropTrigger':
      // Recreated by a lossy rebuild's part: it goes (commented out) with that rebuild.
      return !c.recreate || c.rebuild === 'loses';
    case 'createIndex':
    case 'createTrigger':
      return c.rebuild === 'loses';
    case 'createTable':
    case 'addColumn':
    case 'createView':
    case 'checkForeignKeys':
      return false;
    default:
      return assertNever(c, 'SQLite schema change');
  }
}

function objectOf(c: Change): string {
  switch (c.kind) {
    case 'createTable':
    case 'dropTable':
      return `main.${c.table.name}`;
    case 'addColumn':
    case 'dropColumn':
      return `main.${c.table}`;
    case 'rebuildTable':
      return `main.${c.to.name}`;
    case 'createIndex':
    case 'dropIndex':
      return `main.${c.index.name}`;
    case 'createView':
    case 'dropView':
      return `main.${c.view.name}`;
    case 'createTrigger':
    case 'dropTrigger':
      return `main.${c.trigger.name}`;
    case 'checkForeignKeys':
      return 'main';
    default:
      return assertNever(c, 'SQLite schema change');
  }
}

/** A stored CREATE text as a statement. */
function stmt(sql: string): string {
  return /;\s*$/.test(sql) ? sql : `${sql};`;
}

/** `to`'s CREATE TABLE text with the table named `name` instead. */
function createTableNamed(to: Table, name: string): string {
  const tokens = tokenize(to.sql);
  const head = createdObject(tokens);
  if (!head) return stmt(to.sql);
  const start = tokens[head.nameAt]!.start;
  const end = tokens[head.after - 1]!.end;
  return stmt(`${to.sql.slice(0, start)}${quoteIdent(name)}${to.sql.slice(end)}`);
}

/**
 * AUTOINCREMENT never reuses an id: the new table takes over the old one's counter (which may be
 * above its largest id, after deletes), instead of starting from the largest id copied.
 */
function keepSequence(from: string, tmp: string): string[] {
  return [
    `DELETE FROM sqlite_sequence WHERE name = ${quoteLiteral(tmp)};`,
    `INSERT INTO sqlite_sequence (name, seq) SELECT ${quoteLiteral(tmp)}, seq FROM sqlite_sequence WHERE name = ${quoteLiteral(from)};`,
  ];
}

function rebuildSql(c: Extract<Change, { kind: 'rebuildTable' }>): string[] {
  const tmp = quoteIdent(rebuildName(c.to.name));
  const cols = c.copied.map(quoteIdent).join(', ');
  const fromCols = c.copied.map((n) => quoteIdent(c.from.columns.find((x) => x.name.toLowerCase() === n.toLowerCase())?.name ?? n)).join(', ');
  return [
    createTableNamed(c.to, rebuildName(c.to.name)),
    ...(c.copied.length > 0 ? [`INSERT INTO ${tmp} (${cols}) SELECT ${fromCols} FROM ${quoteIdent(c.from.name)};`] : []),
    ...(c.from.autoincrement && c.to.autoincrement ? keepSequence(c.from.name, rebuildName(c.to.name)) : []),
    `DROP TABLE ${quoteIdent(c.from.name)};`,
    `ALTER TABLE ${tmp} RENAME TO ${quoteIdent(c.to.name)};`,
  ];
}

function render(c: Change): string[] {
  switch (c.kind) {
    case 'createTable':
      return [stmt(c.table.sql)];
    case 'dropTable':
      return [`DROP TABLE ${quoteIdent(c.table.name)};`];
    case 'addColumn':
      return [`ALTER TABLE ${quoteIdent(c.table)} ADD COLUMN ${c.column.definition};`];
    case 'dropColumn':
      return [`ALTER TABLE ${quoteIdent(c.table)} DROP COLUMN ${quoteIdent(c.column)};`];
    case 'rebuildTable':
      return rebuildSql(c);
    case 'createIndex':
      return [stmt(c.index.sql)];
    case 'dropIndex':
      return [`DROP INDEX ${quoteIdent(c.index.name)};`];
    case 'createView':
      return [stmt(c.view.sql)];
    case 'dropView':
      return [`DROP VIEW ${quoteIdent(c.view.name)};`];
    case 'createTrigger':
      return [stmt(c.trigger.sql)];
    case 'dropTrigger':
      return [`DROP TRIGGER ${quoteIdent(c.trigger.name)};`];
    case 'checkForeignKeys': {
      const t = `temp.${quoteIdent(FK_CHECK_TABLE)}`;
      const name = quoteIdent('foreign key violations after the table rebuild (see PRAGMA foreign_key_check)');
      return [
        `CREATE TEMP TABLE ${quoteIdent(FK_CHECK_TABLE)} (violations INTEGER CONSTRAINT ${name} CHECK (violations = 0));`,
        `INSERT INTO ${t} SELECT count(*) FROM pragma_foreign_key_check;`,
        `DROP TABLE ${t};`,
      ];
    }
    default:
      return assertNever(c, 'SQLite schema change');
  }
}

/**
 * Render changes to SQLite statements, in order. Each keeps the change it came from; SQLite has no
 * lint rules yet, so no statement has hazards.
 * @example planStatements(diffSchemas(a, b)).map((s) => s.sql).join('\n\n')
 */
export function planStatements(changes: readonly Change[]): PlannedStatement[] {
  return changes.flatMap((c) => {
    const object = objectOf(c);
    const destructive = isDestructive(c);
    return render(c).map((sql) => ({ sql, object, kind: c.kind, destructive, change: c, hazards: [] }));
  });
}
