/**
 * Names: columns named twice (an error at apply time), identifiers PostgreSQL truncates, enum values
 * appended without a position, and tables named without their schema.
 */
import { asNode, list, relName, type RelName } from '../ast.js';
import { DUPLICATE_COLUMN_STATEMENTS, duplicateColumns } from '../names-duplicates.js';
import { identifiersOf, MAX_IDENTIFIER_BYTES, mayHoldLongIdentifier, truncatedIdentifier } from '../names-identifiers.js';
import { type PgRule, type PgStatement, statementTypes } from '../rule.js';

/** PG114: PostgreSQL rejects a statement that assigns or declares a column twice. */
const banDuplicateColumnAssignments: PgRule = {
  code: 'PG114',
  rule: 'ban-duplicate-column-assignments',
  aliases: ['ban-duplicate-column-assignments'],
  severity: 'error',
  summary: 'A statement that assigns or declares the same column twice fails when it runs.',
  statements: DUPLICATE_COLUMN_STATEMENTS,
  check(s, ctx) {
    for (const d of duplicateColumns(s)) {
      ctx.report({
        message: `${d.clause} ${d.assigned ? 'assigns' : 'declares'} column "${d.column}" more than once: PostgreSQL rejects the statement`,
        hint: d.assigned ? 'assign each column once, keeping the value meant' : 'give each column its own name (names are folded to lower case and cut to 63 bytes)',
      });
    }
  },
};

/** PG120: a name over 63 bytes is silently cut, so two long names can become one and the catalog differs from the code. */
const identifierTooLong: PgRule = {
  code: 'PG120',
  rule: 'identifier-too-long',
  aliases: ['identifier-too-long'],
  severity: 'warning',
  summary: 'An identifier longer than 63 bytes is truncated by PostgreSQL, so the object gets another name than written.',
  check(s, ctx) {
    if (!mayHoldLongIdentifier(s.sql)) return;
    const seen = new Set<string>();
    for (const id of identifiersOf(s.sql)) {
      const bytes = Buffer.byteLength(id);
      if (bytes <= MAX_IDENTIFIER_BYTES || seen.has(id)) continue;
      seen.add(id);
      ctx.report({
        message: `identifier "${id}" is ${bytes} bytes: PostgreSQL truncates it to the first ${MAX_IDENTIFIER_BYTES}, "${truncatedIdentifier(id)}"`,
        hint: `shorten the name to at most ${MAX_IDENTIFIER_BYTES} bytes`,
      });
    }
  },
};

/** PG134: a value added without BEFORE/AFTER sorts after every other, whatever order was meant. */
const requireEnumValueOrdering: PgRule = {
  code: 'PG134',
  rule: 'require-enum-value-ordering',
  aliases: ['require-enum-value-ordering'],
  severity: 'info',
  summary: 'ALTER TYPE … ADD VALUE without BEFORE or AFTER appends the value, which then sorts after all others.',
  statements: statementTypes('AlterEnumStmt'),
  check(s, ctx) {
    if (s.type !== 'AlterEnumStmt' || s.node['oldVal'] !== undefined || s.node['newValNeighbor'] !== undefined) return;
    const type = list(s.node['typeName'])
      .map((n) => asNode(n, 'String')?.['sval'])
      .join('.');
    ctx.report({
      message: `value '${String(s.node['newVal'])}' is appended to enum ${type}: it sorts after every existing value in ORDER BY and comparisons`,
      hint: `say where it belongs: ADD VALUE '${String(s.node['newVal'])}' BEFORE (or AFTER) an existing value`,
    });
  },
};

/** The tables a statement creates, alters or drops, as written (temporary tables left out: they live in their own schema). */
function namedTables(s: PgStatement): RelName[] {
  const n = s.node;
  const permanent = (v: unknown): RelName[] => {
    const r = relName(v);
    return r && (v as { relpersistence?: string }).relpersistence !== 't' ? [r] : [];
  };
  switch (s.type) {
    case 'CreateStmt':
      return permanent(n['relation']);
    case 'CreateTableAsStmt':
      return n['objtype'] === 'OBJECT_TABLE' ? permanent((n['into'] as { rel?: unknown } | undefined)?.rel) : [];
    case 'AlterTableStmt':
      return n['objtype'] === 'OBJECT_TABLE' ? permanent(n['relation']) : [];
    case 'DropStmt':
      if (n['removeType'] !== 'OBJECT_TABLE') return [];
      return list(n['objects']).map((o) => {
        const parts = list(asNode(o, 'List')?.['items']).map((p) => String(asNode(p, 'String')?.['sval'] ?? ''));
        return { schema: parts.length > 1 ? parts[parts.length - 2]! : null, name: parts[parts.length - 1] ?? '' };
      });
    default:
      return [];
  }
}

/** PG137: an unqualified name resolves through the session's search_path, which differs between environments. */
const requireTableSchema: PgRule = {
  code: 'PG137',
  rule: 'require-table-schema',
  aliases: ['require-table-schema'],
  severity: 'info',
  optIn: true,
  summary: 'A table created, altered or dropped without its schema resolves through the search_path of the session.',
  statements: statementTypes('CreateStmt', 'CreateTableAsStmt', 'AlterTableStmt', 'DropStmt'),
  check(s, ctx) {
    const unqualified = namedTables(s).filter((t) => t.schema === null);
    if (unqualified.length === 0) return;
    ctx.report({
      message: `table ${unqualified.map((t) => t.name).join(', ')} is not schema-qualified: which table it is depends on the search_path`,
      hint: `write the schema: ${unqualified[0]!.name} → public.${unqualified[0]!.name} (or the schema meant)`,
    });
  },
};

/** Name rules: PG114, PG120, PG134, PG137. */
export const NAMES_RULES: readonly PgRule[] = [banDuplicateColumnAssignments, identifierTooLong, requireEnumValueOrdering, requireTableSchema];
