/**
 * Enum changes that fail on, or break, data already there. PostgreSQL cannot drop an enum value, so
 * migrations recreate the type (`ALTER TYPE mood RENAME TO mood_old; CREATE TYPE mood AS ENUM (…);
 * ALTER TABLE … TYPE mood USING …; DROP TYPE mood_old`): a value left out fails the cast of every
 * row holding it, and a column the migration forgot blocks (or, with CASCADE, loses) the drop.
 */
import { names } from '../ast.js';
import type { PgRule, PgRuleContext } from '../rule.js';
import { droppedTypes, ENUM_STATEMENTS, RunEnums, typeRel } from '../run-enums.js';
import { tableText } from '../table-alter.js';
import { ruleMemory } from '../table-rule-memory.js';

const enumsOf = (ctx: PgRuleContext): RunEnums => ruleMemory(ctx, () => new RunEnums(ctx));
const quoted = (values: readonly string[]): string => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/** PG204: the new type lacks values the old one had; the cast of rows holding them fails. */
const enumValueRemoval: PgRule = {
  code: 'PG204',
  rule: 'enum-value-removal',
  aliases: [],
  severity: 'error',
  summary: 'An enum recreated without some of its values (renamed aside, created again, columns cast to it): rows holding a removed value fail the cast.',
  statements: ENUM_STATEMENTS,
  check(s, ctx) {
    const enums = enumsOf(ctx);
    const rel = s.type === 'CreateEnumStmt' ? typeRel(names(s.node['typeName'])) : null;
    const old = rel ? enums.replaced(rel) : undefined;
    enums.record(s);
    if (!rel || !old || old.state.created) return;
    const values = names(s.node['vals']);
    const type = tableText(rel);
    if (old.state.values === null) {
      ctx.report({
        message: `CREATE TYPE ${type} replaces the enum renamed to ${old.aside}, whose values shale does not know: rows holding a value left out fail the cast to the new type`,
        hint: 'lint with --db to compare the values; update the rows holding a removed value before the cast (or keep the value)',
        severity: 'warning',
      });
      return;
    }
    const removed = old.state.values.filter((v) => !values.includes(v));
    if (removed.length === 0) return;
    ctx.report({
      message: `CREATE TYPE ${type} leaves out ${quoted(removed)} of the enum it replaces (renamed to ${old.aside}): casting a column to it fails on any row holding ${removed.length === 1 ? 'that value' : 'one of them'}`,
      hint: `update the rows holding ${quoted(removed)} to another value first, in this migration before the cast, and deploy clients that no longer write ${removed.length === 1 ? 'it' : 'them'}`,
    });
  },
};

/** PG205: columns still have the type: the drop fails, or with CASCADE drops them and their data. */
const dropTypeInUse: PgRule = {
  code: 'PG205',
  rule: 'drop-type-in-use',
  aliases: [],
  severity: 'error',
  summary: 'DROP TYPE of an enum that columns still use (created by the run, or in the database with --db): it fails, or with CASCADE drops the columns and their data.',
  statements: ENUM_STATEMENTS,
  check(s, ctx) {
    const enums = enumsOf(ctx);
    const used =
      s.type === 'DropStmt' && s.node['removeType'] === 'OBJECT_TYPE'
        ? droppedTypes(s.node).flatMap((rel) => {
            const state = enums.get(rel);
            const columns = state ? enums.columnsOf(state) : [];
            return columns.length > 0 ? [{ type: tableText(rel), columns }] : [];
          })
        : [];
    enums.record(s);
    const cascade = s.node['behavior'] === 'DROP_CASCADE';
    for (const { type, columns } of used) {
      ctx.report({
        message: cascade
          ? `DROP TYPE ${type} CASCADE also drops column${columns.length === 1 ? '' : 's'} ${columns.join(', ')} of that type, with their data`
          : `DROP TYPE ${type} fails: column${columns.length === 1 ? '' : 's'} ${columns.join(', ')} still ${columns.length === 1 ? 'has' : 'have'} that type`,
        hint: 'ALTER each column to its new type first (ALTER TABLE … ALTER COLUMN … TYPE new_type USING col::text::new_type), then drop the type',
      });
    }
  },
};

/** PG206: clients writing or comparing the old value fail or silently match nothing. */
const renamingEnumValue: PgRule = {
  code: 'PG206',
  rule: 'renaming-enum-value',
  aliases: [],
  severity: 'warning',
  summary: 'ALTER TYPE … RENAME VALUE on an existing enum breaks the clients that still write or compare the old value.',
  statements: ENUM_STATEMENTS,
  check(s, ctx) {
    const enums = enumsOf(ctx);
    const from = s.type === 'AlterEnumStmt' ? (s.node['oldVal'] as string | undefined) : undefined;
    const rel = from !== undefined ? typeRel(names(s.node['typeName'])) : null;
    const state = rel ? enums.get(rel) : null;
    enums.record(s);
    if (!rel || from === undefined || state?.created) return;
    ctx.report({
      message: `renaming value ${quoted([from])} of enum ${tableText(rel)} to ${quoted([String(s.node['newVal'])])} breaks the clients that still write it (invalid input value) or compare with it (no rows match)`,
      hint: 'deploy clients that accept both values first; or add the new value, move the rows and clients to it, and stop using the old one',
    });
  },
};

/** The enum rules: PG204–PG206. */
export const ENUMS_RULES: readonly PgRule[] = [enumValueRemoval, dropTypeInUse, renamingEnumValue];
