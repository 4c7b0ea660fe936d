/** Rules on building, dropping and rebuilding indexes without blocking the table. */
import { asNode, list, names, relName, type RelName } from '../ast.js';
import { optionOn } from '../locks-options.js';
import { type PgRule, type PgStatement, statementTypes } from '../rule.js';
import { sizedSeverity } from '../size.js';

const relText = (r: RelName): string => (r.schema ? `${r.schema}.${r.name}` : r.name);

/** The hint's second half when the fix needs the statement out of a transaction. */
function outsideTransaction(s: PgStatement): string {
  if (!s.inTransaction) return '';
  return s.inMigrationTransaction ? ", in a migration marked `-- transaction: false` (CONCURRENTLY cannot run in shale's transaction)" : ', outside the BEGIN … COMMIT block';
}

const WHOLE_SCHEMA_REINDEX: Readonly<Record<string, string>> = {
  REINDEX_OBJECT_SCHEMA: 'REINDEX SCHEMA',
  REINDEX_OBJECT_DATABASE: 'REINDEX DATABASE',
  REINDEX_OBJECT_SYSTEM: 'REINDEX SYSTEM',
};

/** The form of an index statement that refuses to run inside a transaction block (CONCURRENTLY, REINDEX SCHEMA…), if it is one. */
function nonTransactionalForm(s: PgStatement): string | null {
  if (s.type === 'IndexStmt' && s.node['concurrent'] === true) return 'CREATE INDEX CONCURRENTLY';
  if (s.type === 'DropStmt' && s.node['removeType'] === 'OBJECT_INDEX' && s.node['concurrent'] === true) return 'DROP INDEX CONCURRENTLY';
  if (s.type !== 'ReindexStmt') return null;
  if (list(s.node['params']).some((p) => optionOn(p, 'concurrently'))) return 'REINDEX CONCURRENTLY';
  // These commit once per table they rebuild, so they refuse a transaction block too.
  const many = WHOLE_SCHEMA_REINDEX[String(s.node['kind'])];
  return many ?? null;
}

const banConcurrentIndexCreationInTransaction: PgRule = {
  code: 'PG108',
  rule: 'ban-concurrent-index-creation-in-transaction',
  aliases: ['ban-concurrent-index-creation-in-transaction'],
  severity: 'error',
  summary: 'CREATE INDEX CONCURRENTLY (or DROP INDEX/REINDEX CONCURRENTLY, REINDEX SCHEMA) inside a transaction fails at apply time.',
  statements: statementTypes('IndexStmt', 'DropStmt', 'ReindexStmt'),
  check(s, ctx) {
    const form = nonTransactionalForm(s);
    if (!form || !s.inTransaction) return;
    const where = s.inMigrationTransaction ? "the migration's transaction (shale runs a migration in one unless it says `-- transaction: false`)" : 'the BEGIN … COMMIT block opened earlier in the migration';
    ctx.report({
      message: `${form} cannot run inside a transaction block, and this one runs in ${where}: PostgreSQL refuses it`,
      hint: s.inMigrationTransaction
        ? 'put `-- transaction: false` at the top of the migration (its statements then run one by one), or move the statement to a migration of its own marked so'
        : 'move it after the COMMIT, out of the BEGIN … COMMIT block',
    });
  },
};

const requireConcurrentIndexCreation: PgRule = {
  code: 'PG130',
  rule: 'require-concurrent-index-creation',
  aliases: ['require-concurrent-index-creation'],
  severity: 'warning',
  summary: 'CREATE INDEX without CONCURRENTLY blocks writes to an existing table for the whole build.',
  statements: statementTypes('IndexStmt'),
  check(s, ctx) {
    if (s.type !== 'IndexStmt' || s.node['concurrent'] === true) return;
    const table = relName(s.node['relation']);
    if (!table || ctx.isNew(table)) return;
    const { severity, note } = sizedSeverity(ctx, table, 'warning');
    const name = typeof s.node['idxname'] === 'string' ? ` ${s.node['idxname']}` : '';
    ctx.report({
      message: `building index${name} on ${relText(table)} takes a SHARE lock: writes to the table wait until the build is done${note}`,
      hint: `use CREATE INDEX CONCURRENTLY${outsideTransaction(s)}`,
      severity,
    });
  },
};

/** The relation names a DROP statement lists. */
function droppedNames(s: PgStatement): RelName[] {
  return list(s.node['objects']).map((o) => {
    const parts = names(asNode(o, 'List')?.['items']);
    return { schema: parts.length > 1 ? parts[parts.length - 2]! : null, name: parts[parts.length - 1] ?? '' };
  });
}

const requireConcurrentIndexDeletion: PgRule = {
  code: 'PG131',
  rule: 'require-concurrent-index-deletion',
  aliases: ['require-concurrent-index-deletion'],
  severity: 'warning',
  summary: "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the index's table, blocking its reads and writes.",
  statements: statementTypes('DropStmt'),
  check(s, ctx) {
    if (s.type !== 'DropStmt' || s.node['removeType'] !== 'OBJECT_INDEX' || s.node['concurrent'] === true) return;
    const existing = droppedNames(s).filter((r) => !ctx.isNew(r));
    if (existing.length === 0) return;
    const several = existing.length > 1 ? ' (one statement per index: CONCURRENTLY drops one at a time)' : '';
    ctx.report({
      message: `dropping index ${existing.map(relText).join(', ')} takes ACCESS EXCLUSIVE on its table: reads and writes of the table wait, and queue behind any long transaction using it`,
      hint: `use DROP INDEX CONCURRENTLY${several}${outsideTransaction(s)}`,
    });
  },
};

/** REINDEX forms that have no CONCURRENTLY variant. */
const NO_CONCURRENT_FORM = new Set(['REINDEX_OBJECT_SYSTEM']);

const requireConcurrentReindex: PgRule = {
  code: 'PG133',
  rule: 'require-concurrent-reindex',
  aliases: ['require-concurrent-reindex'],
  severity: 'warning',
  summary: 'REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index) while it rebuilds.',
  statements: statementTypes('ReindexStmt'),
  check(s, ctx) {
    if (s.type !== 'ReindexStmt' || NO_CONCURRENT_FORM.has(String(s.node['kind']))) return;
    if (list(s.node['params']).some((p) => optionOn(p, 'concurrently'))) return;
    const rel = relName(s.node['relation']);
    if (rel && ctx.isNew(rel)) return;
    const what = rel ? relText(rel) : String(s.node['name'] ?? '');
    const kind = String(s.node['kind']).replace('REINDEX_OBJECT_', '').toLowerCase();
    const sized = rel && kind === 'table' ? sizedSeverity(ctx, rel, 'warning') : { severity: undefined, note: '' };
    const old = ctx.serverVersion !== undefined && ctx.serverVersion < 12;
    ctx.report({
      message: `REINDEX ${kind} ${what} locks out writes to the table and reads through the rebuilt indexes until it is done${sized.note}`,
      hint: old
        ? 'REINDEX CONCURRENTLY needs PostgreSQL 12: build a new index with CREATE INDEX CONCURRENTLY and drop the old one with DROP INDEX CONCURRENTLY'
        : `use REINDEX ${kind.toUpperCase()} CONCURRENTLY${outsideTransaction(s)}`,
      ...(sized.severity ? { severity: sized.severity } : {}),
    });
  },
};

/** The index rules, in code order. */
export const INDEXES_RULES: readonly PgRule[] = [banConcurrentIndexCreationInTransaction, requireConcurrentIndexCreation, requireConcurrentIndexDeletion, requireConcurrentReindex];
