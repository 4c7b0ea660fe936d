import { assertNever } from '../../errors.js';
import type { Change } from './change.js';
import type { ObjectRef, QName } from './model.js';

const q = (x: QName) => `${x.schema}.${x.name}`;

function ref(r: ObjectRef): string {
  switch (r.kind) {
    case 'schema':
    case 'extension':
    case 'event trigger':
    case 'publication':
    case 'foreign data wrapper':
    case 'server':
      return r.name;
    case 'user mapping':
      return `${r.user}@${r.server}`;
    case 'cast':
      return `(${r.source} as ${r.target})`;
    case 'operator':
      return `${r.schema}.${r.name}(${r.left}, ${r.right})`;
    case 'operator class':
    case 'operator family':
      return `${r.schema}.${r.name} using ${r.method}`;
    case 'column':
      return `${r.schema}.${r.table}.${r.column}`;
    case 'constraint':
    case 'trigger':
    case 'policy':
    case 'rule':
      return `${r.schema}.${r.table}.${r.name}`;
    case 'function':
    case 'procedure':
    case 'aggregate':
      return `${r.schema}.${r.name}(${r.args})`;
    default:
      return `${r.schema}.${r.name}`;
  }
}

/** The name of the object a change is about, as `schema.name` (for reports and `--json`). */
export function changeObject(c: Change): string {
  switch (c.kind) {
    case 'disableFunctionBodyChecks':
      return 'check_function_bodies';
    case 'createSchema':
    case 'dropSchema':
    case 'dropExtension':
    case 'updateExtension':
      return c.name;
    case 'createExtension':
      return c.extension.name;
    case 'createCollation':
    case 'dropCollation':
      return q(c.collation);
    case 'createEnum':
    case 'renameTypeAside':
    case 'dropType':
    case 'createComposite':
      return q(c.type);
    case 'createDomain':
      return q(c.domain);
    case 'createRange':
    case 'renameRangeAside':
      return q(c.range);
    case 'createShellType':
    case 'createBaseType':
    case 'renameBaseTypeAside':
      return q(c.type);
    case 'alterBaseType':
      return q(c.to);
    case 'alterDomain':
    case 'alterComposite':
    case 'alterSequence':
      return q(c.to);
    case 'createSequence':
    case 'setSequenceOwner':
    case 'dropSequence':
      return q(c.sequence);
    case 'createTable':
    case 'dropTable':
    case 'setTablePersistence':
    case 'setRowSecurity':
    case 'saveRows':
    case 'restoreRows':
    case 'setReplicaIdentity':
    case 'attachPartition':
    case 'detachPartition':
    case 'addInherit':
    case 'dropInherit':
      return q(c.table);
    case 'addColumn':
      return `${q(c.table)}.${c.column.name}`;
    case 'dropColumn':
    case 'dropColumnDefault':
    case 'dropIdentity':
      return `${q(c.table)}.${c.column}`;
    case 'alterColumn':
      return `${q(c.table)}.${c.to.name}`;
    case 'addIdentity':
      return `${q(c.table)}.${c.column.name}`;
    case 'addConstraint':
    case 'dropConstraint':
      return `${c.constraint.schema}.${c.constraint.table}.${c.constraint.name}`;
    case 'createIndex':
    case 'dropIndex':
    case 'attachIndex':
      return `${c.index.schema}.${c.index.name}`;
    case 'createView':
    case 'dropView':
      return q(c.view);
    case 'createFunction':
    case 'dropFunction':
      return `${q(c.func)}(${c.func.identityArgs})`;
    case 'createTrigger':
    case 'dropTrigger':
      return `${c.trigger.schema}.${c.trigger.table}.${c.trigger.name}`;
    case 'createPolicy':
    case 'dropPolicy':
      return `${c.policy.schema}.${c.policy.table}.${c.policy.name}`;
    case 'createRule':
    case 'alterRule':
    case 'dropRule':
      return `${c.rule.schema}.${c.rule.table}.${c.rule.name}`;
    case 'createStatistics':
    case 'alterStatistics':
    case 'dropStatistics':
      return q(c.statistics);
    case 'createFdw':
    case 'dropFdw':
      return c.wrapper.name;
    case 'createServer':
    case 'dropServer':
      return c.server.name;
    case 'alterFdw':
    case 'alterServer':
      return c.to.name;
    case 'createUserMapping':
    case 'dropUserMapping':
      return `${c.mapping.user}@${c.mapping.server}`;
    case 'alterUserMapping':
      return `${c.to.user}@${c.to.server}`;
    case 'createForeignTable':
    case 'dropForeignTable':
      return q(c.table);
    case 'alterForeignTable':
      return q(c.to);
    case 'createPublication':
    case 'dropPublication':
      return c.publication.name;
    case 'alterPublication':
      return c.to.name;
    case 'createTsDictionary':
    case 'dropTsDictionary':
      return q(c.dictionary);
    case 'createTsConfiguration':
    case 'dropTsConfiguration':
      return q(c.configuration);
    case 'alterTsDictionary':
    case 'alterTsConfiguration':
      return q(c.to);
    case 'createEventTrigger':
    case 'alterEventTrigger':
    case 'dropEventTrigger':
      return c.trigger.name;
    case 'createAggregate':
    case 'dropAggregate':
      return `${q(c.aggregate)}(${c.aggregate.identityArgs})`;
    case 'createOperator':
    case 'alterOperator':
    case 'dropOperator':
      return `${q(c.operator)}(${c.operator.left}, ${c.operator.right})`;
    case 'createOperatorFamily':
    case 'alterOperatorFamily':
    case 'dropOperatorFamily':
      return `${q(c.family)} using ${c.family.method}`;
    case 'createOperatorClass':
    case 'dropOperatorClass':
      return `${q(c.opclass)} using ${c.opclass.method}`;
    case 'createCast':
    case 'dropCast':
      return `(${c.cast.source} as ${c.cast.target})`;
    case 'grant':
    case 'revoke':
      return ref(c.privilege.target);
    case 'alterDefaultPrivileges':
      return `default privileges for role ${c.entry.role}${c.entry.schema === null ? '' : ` in schema ${c.entry.schema}`} on ${c.entry.objects.toLowerCase()}`;
    case 'setOwner':
    case 'setComment':
      return ref(c.target);
    default:
      return assertNever(c, 'change');
  }
}
