import { assertNever } from '../../errors.js';
import type { Hazard } from '../dialect.js';
import type { QName } from '../keys.js';
import type { Change } from './change.js';

/** Whether a table is created earlier in the same plan (it holds no rows and no session uses it). */
export type IsNewTable = (table: QName) => boolean;

const hazard = (code: string, rule: string, severity: Hazard['severity'], message: string): Hazard => ({ code, rule, severity, message });
const name = (q: QName): string => `${q.schema}.${q.name}`;

/**
 * What a planned change does to a live database: the locks it holds while it scans or rewrites a
 * table, and what it breaks for running clients. The codes are those of the `shale lint` rules with
 * the same meaning. Decided from the typed change, never from its SQL; a table the plan creates is
 * new, so locking it is no hazard.
 * @example changeHazards({ kind: 'createIndex', index }, () => false) // [{ code: 'PG130', … }]
 */
export function changeHazards(c: Change, isNew: IsNewTable): Hazard[] {
  switch (c.kind) {
    case 'createIndex': {
      const t = { schema: c.index.schema, name: c.index.table };
      return isNew(t) ? [] : [hazard('PG130', 'require-concurrent-index-creation', 'warning', `building index ${c.index.name} blocks writes to ${name(t)} (SHARE lock) until it is built`)];
    }
    case 'dropIndex':
      return isNew({ schema: c.index.schema, name: c.index.table }) ? [] : [hazard('PG131', 'require-concurrent-index-deletion', 'warning', `dropping index ${c.index.name} takes an ACCESS EXCLUSIVE lock on ${c.index.schema}.${c.index.table}`)];
    case 'addColumn':
      return isNew(c.table) ? [] : addColumnHazards(c.table, c.column);
    case 'alterColumn':
      return isNew(c.table) ? [] : alterColumnHazards(c);
    case 'addConstraint':
      return isNew({ schema: c.constraint.schema, name: c.constraint.table }) ? [] : constraintHazards(c.constraint);
    case 'dropColumn':
      return [hazard('PG110', 'ban-drop-column', 'error', `dropping column ${c.column} of ${name(c.table)} breaks clients that still read it`)];
    case 'dropTable':
      return c.recreate ? [] : [hazard('PG113', 'ban-drop-table', 'error', `dropping table ${name(c.table)} breaks clients that still use it`)];
    case 'detachPartition':
      return [hazard('PG132', 'require-concurrent-partition-detach', 'warning', `detaching ${name(c.table)} takes an ACCESS EXCLUSIVE lock on ${name(c.parent)}`)];
    case 'disableFunctionBodyChecks':
    case 'createSchema':
    case 'dropSchema':
    case 'createExtension':
    case 'dropExtension':
    case 'updateExtension':
    case 'createCollation':
    case 'dropCollation':
    case 'createEnum':
    case 'renameTypeAside':
    case 'dropType':
    case 'createDomain':
    case 'alterDomain':
    case 'createComposite':
    case 'createRange':
    case 'renameRangeAside':
    case 'createShellType':
    case 'createBaseType':
    case 'alterBaseType':
    case 'renameBaseTypeAside':
    case 'alterComposite':
    case 'createSequence':
    case 'alterSequence':
    case 'setSequenceOwner':
    case 'dropSequence':
    case 'createTable':
    case 'dropColumnDefault':
    case 'dropIdentity':
    case 'addIdentity':
    case 'setTablePersistence':
    case 'setRowSecurity':
    case 'saveRows':
    case 'restoreRows':
    case 'setReplicaIdentity':
    case 'attachPartition':
    case 'attachIndex':
    case 'addInherit':
    case 'dropInherit':
    case 'dropConstraint':
    case 'createView':
    case 'dropView':
    case 'createFunction':
    case 'dropFunction':
    case 'createTrigger':
    case 'dropTrigger':
    case 'createPolicy':
    case 'dropPolicy':
    case 'createRule':
    case 'alterRule':
    case 'dropRule':
    case 'createStatistics':
    case 'alterStatistics':
    case 'dropStatistics':
    case 'createFdw':
    case 'alterFdw':
    case 'dropFdw':
    case 'createServer':
    case 'alterServer':
    case 'dropServer':
    case 'createUserMapping':
    case 'alterUserMapping':
    case 'dropUserMapping':
    case 'createForeignTable':
    case 'alterForeignTable':
    case 'dropForeignTable':
    case 'createPublication':
    case 'alterPublication':
    case 'dropPublication':
    case 'createTsDictionary':
    case 'alterTsDictionary':
    case 'dropTsDictionary':
    case 'createTsConfiguration':
    case 'alterTsConfiguration':
    case 'dropTsConfiguration':
    case 'createEventTrigger':
    case 'alterEventTrigger':
    case 'dropEventTrigger':
    case 'createAggregate':
    case 'dropAggregate':
    case 'createCast':
    case 'createOperator':
    case 'alterOperator':
    case 'dropOperator':
    case 'createOperatorFamily':
    case 'alterOperatorFamily':
    case 'dropOperatorFamily':
    case 'createOperatorClass':
    case 'dropOperatorClass':
    case 'dropCast':
    case 'grant':
    case 'revoke':
    case 'alterDefaultPrivileges':
    case 'setOwner':
    case 'setComment':
      return [];
    default:
      return assertNever(c, 'change');
  }
}

type Column = Extract<Change, { kind: 'addColumn' }>['column'];

function addColumnHazards(table: QName, col: Column): Hazard[] {
  const out: Hazard[] = [];
  if (col.notNull && col.default === null && col.identity === null && col.generated === null) {
    out.push(hazard('PG104', 'adding-required-field', 'error', `adding NOT NULL column ${col.name} without a default to ${name(table)} fails once the table has rows`));
  }
  if (col.generated?.kind === 'stored' || col.identity !== null) {
    out.push(hazard('PG101', 'adding-field-with-default', 'error', `adding ${col.identity ? 'identity' : 'stored generated'} column ${col.name} rewrites ${name(table)} under an ACCESS EXCLUSIVE lock`));
  }
  return out;
}

function alterColumnHazards(c: Extract<Change, { kind: 'alterColumn' }>): Hazard[] {
  const out: Hazard[] = [];
  if (c.from.type !== c.to.type || c.retype) {
    const rewrites = c.retype || retypeRewrites(c.from.type, c.to.type);
    out.push(
      rewrites
        ? hazard('PG117', 'changing-column-type', 'error', `changing ${name(c.table)}.${c.to.name} from ${c.from.type} to ${c.to.type} rewrites the table under an ACCESS EXCLUSIVE lock`)
        : hazard('PG117', 'changing-column-type', 'info', `changing ${name(c.table)}.${c.to.name} from ${c.from.type} to ${c.to.type} needs no rewrite, but takes an ACCESS EXCLUSIVE lock briefly`),
    );
  }
  if (!c.from.notNull && c.to.notNull) out.push(hazard('PG103', 'adding-not-nullable-field', 'error', `SET NOT NULL on ${name(c.table)}.${c.to.name} scans the table under an ACCESS EXCLUSIVE lock`));
  if (c.from.notNull && !c.to.notNull) out.push(hazard('PG112', 'ban-drop-not-null', 'warning', `dropping NOT NULL of ${name(c.table)}.${c.to.name} lets clients read NULLs they do not expect`));
  return out;
}

function constraintHazards(k: Extract<Change, { kind: 'addConstraint' }>['constraint']): Hazard[] {
  const table = `${k.schema}.${k.table}`;
  switch (k.type) {
    case 'foreign':
      return k.validated
        ? [
            hazard('PG102', 'adding-foreign-key-constraint', 'error', `adding foreign key ${k.name} blocks writes to ${table} and to the referenced table (SHARE ROW EXCLUSIVE) while it checks every row`),
            hazard('PG118', 'constraint-missing-not-valid', 'error', `adding foreign key ${k.name} without NOT VALID scans ${table} under that lock`),
          ]
        : [];
    case 'check':
      return k.validated ? [hazard('PG118', 'constraint-missing-not-valid', 'error', `adding check ${k.name} without NOT VALID scans ${table} while it blocks reads and writes`)] : [];
    case 'unique':
      return [hazard('PG119', 'disallowed-unique-constraint', 'error', `adding unique constraint ${k.name} builds its index under an ACCESS EXCLUSIVE lock on ${table}`)];
    case 'primary':
      return [hazard('PG105', 'adding-serial-primary-key-field', 'error', `adding primary key ${k.name} builds its index under an ACCESS EXCLUSIVE lock on ${table}`)];
    case 'exclusion':
    case 'trigger':
      return [];
    default:
      return assertNever(k.type, 'constraint type');
  }
}

/** `character varying(n)`, `numeric(p,s)`, `bit varying(n)`: the base name and modifiers of a formatted type. */
function parts(type: string): { base: string; mods: number[] } {
  const m = /^(.*?)(?:\((\d+(?:,\d+)?)\))?$/.exec(type.trim())!;
  return { base: m[1]!.replace(/^pg_catalog\./, ''), mods: m[2] ? m[2].split(',').map(Number) : [] };
}

/**
 * Whether a column type change rewrites the table. PostgreSQL keeps the data as it is (a catalog
 * change only) when a varchar or varbit limit grows or goes, varchar becomes text, or a numeric's
 * precision grows with the same scale (or its limits go). Types here are `format_type` output.
 */
export function retypeRewrites(from: string, to: string): boolean {
  const a = parts(from);
  const b = parts(to);
  const widens = (x: number[], y: number[]) => y.length === 0 || (x.length > 0 && y[0]! >= x[0]!);
  if (a.base === 'character varying' && (b.base === 'text' || (b.base === 'character varying' && widens(a.mods, b.mods)))) return false;
  if (a.base === 'bit varying' && b.base === 'bit varying' && widens(a.mods, b.mods)) return false;
  if (a.base === 'numeric' && b.base === 'numeric' && (b.mods.length === 0 || (a.mods.length > 0 && b.mods[0]! >= a.mods[0]! && (a.mods[1] ?? 0) === (b.mods[1] ?? 0)))) return false;
  return true;
}
