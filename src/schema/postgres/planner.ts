import { assertNever, ShaleError } from '../../errors.js';
import type { PlannedStatement as DialectStatement } from '../dialect.js';
import type { Change } from './change.js';
import { changeObject } from './change-object.js';
import { isDestructive, sequenceNarrowed } from './hazards.js';
import { changeHazards } from './lock-hazards.js';
import type { Cast, Collation, DefaultPrivilege, Domain, EventTrigger, Privilege, QName, Sequence, Statistics } from './model.js';
import { createAggregate } from './planner-aggregates.js';
import {
  alterOperator, alterOperatorFamily, createOperator, createOperatorClass, createOperatorFamily, operatorSignature, usingName,
} from './planner-operators.js';
import { alterColumnSql, columnDefinition, createTableSql, identityClause } from './planner-columns.js';
import { aggregateSignature, ident, literal, objectTarget, qname, role } from './planner-quote.js';
import { createRange, renameRangeAside } from './planner-ranges.js';
import { alterBaseType, createBaseType, renameBaseTypeAside } from './planner-base-types.js';
import { alterPublication, createPublication } from './planner-publications.js';
import {
  alterFdw, alterForeignTable, alterServer, alterUserMapping, createFdw, createForeignTable, createServer, createUserMapping, dropUserMapping,
} from './planner-foreign.js';
import { alterTsConfiguration, alterTsDictionary, createTsConfiguration, createTsDictionary } from './planner-text-search.js';

/** One PostgreSQL statement of a plan, with the object and the typed change it was rendered from. */
export type PlannedStatement = DialectStatement<Change>;

/**
 * Render changes to PostgreSQL statements, in order. Each statement keeps the change it came from
 * (a change may render to several), so its hazards are read from the change, never from the SQL.
 * @example planStatements(diffSchemas(a, b)).map((s) => s.sql).join('\n\n')
 */
export function planStatements(changes: readonly Change[]): PlannedStatement[] {
  const created = new Set(changes.flatMap((c) => (c.kind === 'createTable' ? [`${c.table.schema}.${c.table.name}`] : [])));
  const isNew = (t: { schema: string; name: string }) => created.has(`${t.schema}.${t.name}`);
  return changes.flatMap((c) => {
    const object = changeObject(c);
    const destructive = isDestructive(c);
    const hazards = changeHazards(c, isNew);
    // A change's hazards go on its first statement (a change of several statements has them once).
    return render(c).map((sql, i) => ({ sql, object, kind: c.kind, destructive, change: c, hazards: i === 0 ? hazards : [] }));
  });
}

function render(c: Change): string[] {
  switch (c.kind) {
    case 'disableFunctionBodyChecks':
      return ['set check_function_bodies = off;'];
    case 'createSchema':
      return [`create schema if not exists ${ident(c.name)};`];
    case 'dropSchema':
      return [`drop schema if exists ${ident(c.name)};`];
    case 'createExtension': {
      const v = c.withVersion ? ` version ${literal(c.extension.version)}` : '';
      return [`create extension if not exists ${ident(c.extension.name)} with schema ${ident(c.extension.schema)}${v};`];
    }
    case 'dropExtension':
      return [`drop extension if exists ${ident(c.name)};`];
    case 'updateExtension':
      return [`alter extension ${ident(c.name)} update to ${literal(c.version)};`];
    case 'createCollation':
      return [createCollation(c.collation)];
    case 'dropCollation':
      return [`drop collation if exists ${qname(c.collation)};`];
    case 'createEnum':
      return [`create type ${qname(c.type)} as enum (${c.type.labels.map(literal).join(', ')});`];
    case 'renameTypeAside':
      return [`alter type ${qname(c.type)} rename to ${ident(c.aside)};`];
    case 'dropType':
      // A base type and its input/output functions depend on each other: CASCADE takes the functions
      // (every modelled user of the type was dropped before it). A guard first refuses to cascade to
      // anything else: a user the plan does not see (another schema, an unmodelled object).
      if (c.what === 'base type') return [baseTypeDropGuard(c.type), `drop type ${qname(c.type)} cascade;`];
      return [`drop ${c.what === 'domain' ? 'domain' : 'type'} ${qname(c.type)};`];
    case 'createDomain':
      return [createDomain(c.domain)];
    case 'alterDomain':
      return alterDomain(c.from, c.to);
    case 'createComposite': {
      const attrs = c.type.attributes.map((a) => `    ${ident(a.name)} ${a.type}${a.collation ? ` collate ${a.collation}` : ''}`);
      return [`create type ${qname(c.type)} as (\n${attrs.join(',\n')}\n);`];
    }
    case 'createRange':
      return [createRange(c.range)];
    case 'renameRangeAside':
      return renameRangeAside(c.range, c.aside);
    case 'createShellType':
      return [`create type ${qname(c.type)};`];
    case 'createBaseType':
      return [createBaseType(c.type)];
    case 'alterBaseType':
      return [alterBaseType(c.from, c.to)];
    case 'renameBaseTypeAside':
      return renameBaseTypeAside(c.type, c.aside);
    case 'alterComposite': {
      const actions: string[] = [];
      for (const a of c.from.attributes) if (!c.to.attributes.some((b) => b.name === a.name)) actions.push(`drop attribute ${ident(a.name)}`);
      for (const b of c.to.attributes) {
        const a = c.from.attributes.find((x) => x.name === b.name);
        const collate = b.collation ? ` collate ${b.collation}` : '';
        if (!a) actions.push(`add attribute ${ident(b.name)} ${b.type}${collate}`);
        else if (a.type !== b.type || a.collation !== b.collation) actions.push(`alter attribute ${ident(b.name)} set data type ${b.type}${collate}`);
      }
      return actions.length > 0 ? [`alter type ${qname(c.to)} ${actions.join(', ')};`] : [];
    }
    case 'createSequence':
      return [`create sequence ${qname(c.sequence)} ${sequenceOptions(c.sequence)};`];
    case 'alterSequence': {
      const restart = sequenceNarrowed(c.from, c.to) ? ` restart with ${c.to.start}` : '';
      return [`alter sequence ${qname(c.to)} ${sequenceOptions(c.to)}${restart};`];
    }
    case 'setSequenceOwner': {
      const o = c.owner;
      return [`alter sequence ${qname(c.sequence)} owned by ${o ? `${qname(o.table)}.${ident(o.column)}` : 'none'};`];
    }
    case 'dropSequence':
      // A sequence OWNED BY a dropped table is already gone with it.
      return [`drop sequence if exists ${qname(c.sequence)};`];
    case 'createTable':
      return [createTableSql(c.table)];
    case 'dropTable':
      return [`drop table ${qname(c.table)};`];
    case 'addColumn':
      return [`alter table ${qname(c.table)} add column ${columnDefinition(c.column)};`];
    case 'dropColumn':
      return [`alter table ${qname(c.table)} drop column ${ident(c.column)};`];
    case 'alterColumn':
      return alterColumnSql(c);
    case 'dropIdentity':
      return [`alter table ${qname(c.table)} alter column ${ident(c.column)} drop identity;`];
    case 'addIdentity':
      return [`alter table ${qname(c.table)} alter column ${ident(c.column.name)} add ${identityClause(c.column)};`];
    case 'dropColumnDefault':
      return [`alter table ${qname(c.table)} alter column ${ident(c.column)} drop default;`];
    case 'setTablePersistence':
      return [`alter table ${qname(c.table)} set ${c.persistence === 'unlogged' ? 'unlogged' : 'logged'};`];
    case 'setRowSecurity':
      return [
        `alter table ${qname(c.table)} ${c.enabled ? 'enable' : 'disable'} row level security;`,
        `alter table ${qname(c.table)} ${c.forced ? 'force' : 'no force'} row level security;`,
      ];
    case 'setReplicaIdentity': {
      const r = c.identity;
      return [`alter table ${qname(c.table)} replica identity ${r.mode === 'index' ? `using index ${ident(r.index)}` : r.mode};`];
    }
    case 'saveRows':
      return [saveRows(c)];
    case 'restoreRows':
      return restoreRows(c);
    case 'attachPartition':
      return [`alter table ${qname(c.parent)} attach partition ${qname(c.table)} ${c.bound};`];
    case 'detachPartition':
      return [`alter table ${qname(c.parent)} detach partition ${qname(c.table)};`];
    case 'addInherit':
      return [`alter table ${qname(c.table)} inherit ${qname(c.parent)};`];
    case 'dropInherit':
      return [`alter table ${qname(c.table)} no inherit ${qname(c.parent)};`];
    case 'addConstraint': {
      const k = c.constraint;
      return [`alter table ${ident(k.schema)}.${ident(k.table)} add constraint ${ident(k.name)} ${k.definition};`];
    }
    case 'dropConstraint': {
      const k = c.constraint;
      return [`alter table ${ident(k.schema)}.${ident(k.table)} drop constraint ${ident(k.name)};`];
    }
    case 'createIndex':
      // pg_get_indexdef says ON ONLY for a partitioned table's index; created that way it would not
      // cascade to the partitions (and stay invalid): kept only when the target has it so.
      if (c.only) return [`${c.index.definition};`];
      return [`${c.index.definition.replace(/^(CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON )ONLY /, '$1')};`];
    case 'dropIndex':
      return [`drop index ${ident(c.index.schema)}.${ident(c.index.name)}${c.cascade ? ' cascade' : ''};`];
    case 'attachIndex':
      return [`alter index ${ident(c.parent.schema)}.${ident(c.parent.name)} attach partition ${ident(c.index.schema)}.${ident(c.index.name)};`];
    case 'createView': {
      const v = c.view;
      const opts = v.options.length > 0 ? ` with (${v.options.join(', ')})` : '';
      const body = v.definition.trim().replace(/;\s*$/, '');
      return [`create ${v.materialized ? 'materialized ' : ''}view ${qname(v)}${opts} as ${body};`];
    }
    case 'dropView':
      return [`drop ${c.view.materialized ? 'materialized ' : ''}view ${qname(c.view)};`];
    case 'createFunction':
      return [`${c.func.definition.trim().replace(/;\s*$/, '')};`];
    case 'dropFunction':
      return [`drop ${c.func.kind} ${qname(c.func)}(${c.func.identityArgs});`];
    case 'createTrigger': {
      const t = c.trigger;
      const out = [`${t.definition};`];
      const mode = ENABLE_MODES[t.enabled];
      if (mode) out.push(`alter table ${ident(t.schema)}.${ident(t.table)} ${mode} trigger ${ident(t.name)};`);
      return out;
    }
    case 'dropTrigger':
      return [`drop trigger ${ident(c.trigger.name)} on ${ident(c.trigger.schema)}.${ident(c.trigger.table)};`];
    case 'createPolicy': {
      const p = c.policy;
      let sql = `create policy ${ident(p.name)} on ${ident(p.schema)}.${ident(p.table)} as ${p.permissive ? 'permissive' : 'restrictive'}`;
      sql += ` for ${p.command.toLowerCase()} to ${p.roles.map(role).join(', ')}`;
      if (p.using !== null) sql += ` using (${p.using})`;
      if (p.check !== null) sql += ` with check (${p.check})`;
      return [`${sql};`];
    }
    case 'dropPolicy':
      return [`drop policy ${ident(c.policy.name)} on ${ident(c.policy.schema)}.${ident(c.policy.table)};`];
    case 'createRule': {
      const r = c.rule;
      const out = [statement(r.definition)];
      const mode = ENABLE_MODES[r.enabled];
      if (mode) out.push(`alter table ${ident(r.schema)}.${ident(r.table)} ${mode} rule ${ident(r.name)};`);
      return out;
    }
    case 'alterRule': {
      const r = c.rule;
      return [`alter table ${ident(r.schema)}.${ident(r.table)} ${ENABLE_MODES[r.enabled] ?? 'enable'} rule ${ident(r.name)};`];
    }
    case 'dropRule':
      return [`drop rule ${ident(c.rule.name)} on ${ident(c.rule.schema)}.${ident(c.rule.table)};`];
    case 'createStatistics': {
      const out = [statement(c.statistics.definition)];
      if (c.statistics.target !== null) out.push(statisticsTarget(c.statistics));
      return out;
    }
    case 'alterStatistics':
      return [statisticsTarget(c.statistics)];
    case 'dropStatistics':
      return [`drop statistics ${qname(c.statistics)};`];
    case 'createFdw':
      return [createFdw(c.wrapper)];
    case 'alterFdw':
      return alterFdw(c.from, c.to);
    case 'dropFdw':
      return [`drop foreign data wrapper ${ident(c.wrapper.name)};`];
    case 'createServer':
      return [createServer(c.server)];
    case 'alterServer':
      return alterServer(c.from, c.to);
    case 'dropServer':
      return [`drop server ${ident(c.server.name)};`];
    case 'createUserMapping':
      return [createUserMapping(c.mapping)];
    case 'alterUserMapping':
      return alterUserMapping(c.from, c.to);
    case 'dropUserMapping':
      return [dropUserMapping(c.mapping)];
    case 'createForeignTable':
      return [createForeignTable(c.table)];
    case 'alterForeignTable':
      return alterForeignTable(c.from, c.to);
    case 'dropForeignTable':
      return [`drop foreign table ${qname(c.table)};`];
    case 'createPublication':
      return [createPublication(c.publication)];
    case 'alterPublication':
      return alterPublication(c.from, c.to);
    case 'dropPublication':
      return [`drop publication ${ident(c.publication.name)};`];
    case 'createTsDictionary':
      return [createTsDictionary(c.dictionary)];
    case 'alterTsDictionary':
      return alterTsDictionary(c.from, c.to);
    case 'dropTsDictionary':
      return [`drop text search dictionary ${qname(c.dictionary)};`];
    case 'createTsConfiguration':
      return createTsConfiguration(c.configuration);
    case 'alterTsConfiguration':
      return alterTsConfiguration(c.from, c.to);
    case 'dropTsConfiguration':
      return [`drop text search configuration ${qname(c.configuration)};`];
    case 'createEventTrigger': {
      const e = c.trigger;
      const when = e.tags === null ? '' : ` when tag in (${e.tags.map(literal).join(', ')})`;
      const out = [`create event trigger ${ident(e.name)} on ${ident(e.event)}${when} execute function ${qname(e.function)}();`];
      if (ENABLE_MODES[e.enabled]) out.push(eventTriggerMode(e));
      return out;
    }
    case 'alterEventTrigger':
      return [eventTriggerMode(c.trigger)];
    case 'dropEventTrigger':
      return [`drop event trigger ${ident(c.trigger.name)};`];
    case 'createAggregate':
      return [createAggregate(c.aggregate)];
    case 'dropAggregate':
      return [`drop aggregate ${qname(c.aggregate)}(${aggregateSignature(c.aggregate.identityArgs)});`];
    case 'createOperator':
      return [createOperator(c.operator)];
    case 'alterOperator':
      return [alterOperator(c.operator)];
    case 'dropOperator':
      return [`drop operator ${operatorSignature(c.operator)};`];
    case 'createOperatorFamily':
      return createOperatorFamily(c.family);
    case 'alterOperatorFamily':
      return alterOperatorFamily(c.family, c.add, c.drop);
    case 'dropOperatorFamily':
      return [`drop operator family ${usingName(c.family)};`];
    case 'createOperatorClass':
      return [createOperatorClass(c.opclass)];
    case 'dropOperatorClass':
      return [`drop operator class ${usingName(c.opclass)};`];
    case 'createCast': {
      const k = c.cast;
      const how = k.method === 'b' ? 'without function' : k.method === 'i' ? 'with inout' : `with function ${castFunction(k)}`;
      const context = { e: '', a: ' as assignment', i: ' as implicit' }[k.context];
      return [`create cast (${k.source} as ${k.target}) ${how}${context};`];
    }
    case 'dropCast':
      return [`drop cast (${c.cast.source} as ${c.cast.target});`];
    case 'grant': {
      const p = c.privilege;
      return [`grant ${privilegeOn(p)} to ${role(p.grantee)}${p.grantable ? ' with grant option' : ''};`];
    }
    case 'revoke':
      return [`revoke ${privilegeOn(c.privilege)} from ${role(c.privilege.grantee)};`];
    case 'alterDefaultPrivileges':
      return [alterDefaultPrivileges(c.entry, c.action)];
    case 'setOwner':
      return [`alter ${objectTarget(c.target)} owner to ${role(c.owner)};`];
    case 'setComment':
      return [`comment on ${objectTarget(c.target)} is ${c.text === null ? 'null' : literal(c.text)};`];
    default:
      return assertNever(c, 'change');
  }
}

/** ALTER … for an enabled state other than the default (O, origin): triggers, rules, event triggers. */
const ENABLE_MODES: Readonly<Record<string, string | undefined>> = { D: 'disable', R: 'enable replica', A: 'enable always' };

/** A catalog-rendered statement (pg_get_*def), with exactly one closing semicolon. */
function statement(definition: string): string {
  return `${definition.trim().replace(/;\s*$/, '')};`;
}

function statisticsTarget(s: Statistics): string {
  // -1 is the default (the columns' targets) on every version.
  return `alter statistics ${qname(s)} set statistics ${s.target ?? -1};`;
}

function eventTriggerMode(e: EventTrigger): string {
  return `alter event trigger ${ident(e.name)} ${ENABLE_MODES[e.enabled] ?? 'enable'};`;
}

function castFunction(k: Cast): string {
  const f = k.function;
  if (f === null) {
    throw new ShaleError('E_INTERNAL', `cast (${k.source} as ${k.target}) is a function cast without a function`, { object: `(${k.source} as ${k.target})` });
  }
  return `${qname(f)}(${f.args})`;
}


/** `select on table "s"."t"`, or for a column `update ("c") on table "s"."t"`. */
function privilegeOn(p: Privilege): string {
  const t = p.target;
  const priv = p.privilege.toLowerCase();
  if (t.kind === 'column') return `${priv} (${ident(t.column)}) on table ${qname({ schema: t.schema, name: t.table })}`;
  return `${priv} on ${objectTarget(t, true)}`;
}

/** `alter default privileges for role "r" in schema "s" grant select on tables to "g";` */
function alterDefaultPrivileges(e: DefaultPrivilege, action: 'grant' | 'revoke' | 'revokeGrantOption'): string {
  const head = `alter default privileges for role ${ident(e.role)}${e.schema === null ? '' : ` in schema ${ident(e.schema)}`}`;
  const what = `${e.privilege.toLowerCase()} on ${e.objects.toLowerCase()}`;
  if (action === 'grant') return `${head} grant ${what} to ${role(e.grantee)}${e.grantable && !e.revoked ? ' with grant option' : ''};`;
  return `${head} revoke ${action === 'revokeGrantOption' ? 'grant option for ' : ''}${what} from ${role(e.grantee)};`;
}

function createCollation(c: Collation): string {
  const opts = [`provider = ${c.provider}`];
  if (c.provider === 'libc') {
    if (c.lcCollate !== null) opts.push(`lc_collate = ${literal(c.lcCollate)}`);
    if (c.lcCtype !== null) opts.push(`lc_ctype = ${literal(c.lcCtype)}`);
  } else if (c.locale !== null) opts.push(`locale = ${literal(c.locale)}`);
  if (!c.deterministic) opts.push('deterministic = false');
  return `create collation ${qname(c)} (${opts.join(', ')});`;
}

function createDomain(d: Domain): string {
  let sql = `create domain ${qname(d)} as ${d.baseType}`;
  if (d.collation) sql += ` collate ${d.collation}`;
  if (d.default !== null) sql += ` default ${d.default}`;
  if (d.notNull) sql += ' not null';
  for (const k of d.checks) sql += ` constraint ${ident(k.name)} ${k.definition}`;
  return `${sql};`;
}

function alterDomain(a: Domain, b: Domain): string[] {
  if (a.baseType !== b.baseType || a.collation !== b.collation) {
    throw new ShaleError('E_UNSUPPORTED', `changing the base type or collation of domain ${qname(b)} is not supported`, {
      object: `${b.schema}.${b.name}`,
    });
  }
  const at = `alter domain ${qname(b)}`;
  const out: string[] = [];
  if (a.default !== b.default) out.push(b.default === null ? `${at} drop default;` : `${at} set default ${b.default};`);
  if (a.notNull !== b.notNull) out.push(`${at} ${b.notNull ? 'set' : 'drop'} not null;`);
  for (const k of a.checks) {
    if (!b.checks.some((x) => x.name === k.name && x.definition === k.definition)) out.push(`${at} drop constraint ${ident(k.name)};`);
  }
  for (const k of b.checks) {
    if (!a.checks.some((x) => x.name === k.name && x.definition === k.definition)) out.push(`${at} add constraint ${ident(k.name)} ${k.definition};`);
  }
  return out;
}

function sequenceOptions(s: Sequence): string {
  return `as ${s.dataType} increment by ${s.increment} minvalue ${s.min} maxvalue ${s.max} start with ${s.start} cache ${s.cache} ${s.cycle ? 'cycle' : 'no cycle'}`;
}

/** The rows of a table about to be rebuilt, into a temporary table. */
function saveRows(c: Extract<Change, { kind: 'saveRows' }>): string {
  const cols = c.columns.map(ident).join(', ');
  const from = c.sources.map((s) => `select ${cols} from ${c.only ? 'only ' : ''}${qname(s)}`).join(' union all ');
  return `create temporary table ${ident(c.into)} as ${from};`;
}

/** The saved rows into the rebuilt table; its identity sequences continue after them. */
function restoreRows(c: Extract<Change, { kind: 'restoreRows' }>): string[] {
  const cols = c.columns.map(ident).join(', ');
  const t = qname(c.table);
  const out = [`insert into ${t} (${cols}) overriding system value select ${cols} from pg_temp.${ident(c.from)};`];
  for (const col of c.identity) out.push(`select setval(pg_get_serial_sequence(${literal(t)}, ${literal(col)}), max(${ident(col)})) from ${t};`);
  out.push(`drop table pg_temp.${ident(c.from)};`);
  return out;
}

/**
 * A DO block that fails, naming the type, when anything but its own support functions and its array
 * type depends on it (or on its array type): what `DROP TYPE … CASCADE` would otherwise drop unseen.
 */
function baseTypeDropGuard(type: QName): string {
  const t = literal(qname(type));
  return `do $shale_guard$ begin
  if exists (select 1 from pg_catalog.pg_type t join pg_catalog.pg_depend d on d.refclassid = 'pg_catalog.pg_type'::regclass and d.refobjid in (t.oid, t.typarray)
             where t.oid = ${t}::regtype and d.deptype = 'n'
               and not (d.classid = 'pg_catalog.pg_proc'::regclass and d.objid in (t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout, t.typanalyze))) then
    raise exception 'type % is still used by objects this plan does not drop: DROP TYPE … CASCADE would drop them too', ${t};
  end if;
end $shale_guard$;`;
}
