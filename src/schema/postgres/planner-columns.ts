import type { Change } from './change.js';
import type { Column, IdentitySequence, QName, Table } from './model.js';
import { ident, qname } from './planner-quote.js';

/** A column as CREATE TABLE / ADD COLUMN write it. */
export function columnDefinition(c: Column): string {
  let s = `${ident(c.name)} ${c.type}`;
  if (c.collation) s += ` collate ${c.collation}`;
  if (c.generated) s += ` generated always as (${c.generated.expression}) ${c.generated.kind}`;
  if (c.identity) s += ` ${identityClause(c)}`;
  if (c.default !== null) s += ` default ${c.default}`;
  if (c.notNull) s += ' not null';
  return s;
}

/** `generated … as identity (sequence name … start with …)`, as CREATE TABLE and ADD GENERATED write it. */
export function identityClause(c: Column): string {
  const s = c.identitySequence;
  const clause = `generated ${c.identity ?? 'by default'} as identity`;
  if (!s) return clause;
  const cycle = s.cycle ? 'cycle' : 'no cycle';
  return `${clause} (sequence name ${qname(s.sequence)} start with ${s.start} increment by ${s.increment} minvalue ${s.min} maxvalue ${s.max} cache ${s.cache} ${cycle})`;
}

/** ALTER COLUMN's `set …` actions that turn one identity's options into another's. */
function identityOptionChanges(a: IdentitySequence | null, b: IdentitySequence | null): string[] {
  if (!b) return [];
  const out: string[] = [];
  if (a?.start !== b.start) out.push(`set start with ${b.start}`);
  if (a?.increment !== b.increment) out.push(`set increment by ${b.increment}`);
  if (a?.min !== b.min) out.push(`set minvalue ${b.min}`);
  if (a?.max !== b.max) out.push(`set maxvalue ${b.max}`);
  if (a?.cache !== b.cache) out.push(`set cache ${b.cache}`);
  if (a?.cycle !== b.cycle) out.push(b.cycle ? 'set cycle' : 'set no cycle');
  return out;
}

/** CREATE TABLE for a new table: its own columns, or PARTITION OF its parent (which gives it the columns). */
export function createTableSql(t: Table): string {
  const partitionBy = t.partitionKey ? ` partition by ${t.partitionKey}` : '';
  if (t.partitionOf) {
    return `create table ${qname(t)} partition of ${qname(t.partitionOf.parent)} ${t.partitionOf.bound}${partitionBy};`;
  }
  const cols = t.columns.filter((c) => c.local).map((c) => `    ${columnDefinition(c)}`);
  const body = cols.length > 0 ? `(\n${cols.join(',\n')}\n)` : '(\n)';
  const inherits = t.inherits.length > 0 ? ` inherits (${t.inherits.map(qname).join(', ')})` : '';
  const unlogged = t.persistence === 'unlogged' ? 'unlogged ' : '';
  return `create ${unlogged}table ${qname(t)} ${body}${inherits}${partitionBy};`;
}

/**
 * One column's changes in the order PostgreSQL accepts them: expression/default removed before a type
 * change, the new default after the new type, identity options after the type (which retypes the
 * identity's sequence). Adding or dropping an identity is a change of its own (addIdentity/dropIdentity).
 */
export function alterColumnSql(c: Extract<Change, { kind: 'alterColumn' }>): string[] {
  const { from, to } = c;
  const at = (t: QName, rest: string) => `alter table ${qname(t)} alter column ${ident(to.name)} ${rest};`;
  const out: string[] = [];
  const retype = c.retype || from.type !== to.type || from.collation !== to.collation;
  if (from.generated && !to.generated) out.push(at(c.table, 'drop expression'));
  const dropDefault = from.default !== null && (retype || from.default !== to.default);
  if (dropDefault) out.push(at(c.table, 'drop default'));
  if (retype) {
    const via = c.castViaText ? '::text' : '';
    const collate = to.collation ? ` collate ${to.collation}` : '';
    out.push(at(c.table, `set data type ${to.type}${collate} using ${c.using ?? `${ident(to.name)}${via}::${to.type}`}`));
  }
  if (from.notNull !== to.notNull) out.push(at(c.table, to.notNull ? 'set not null' : 'drop not null'));
  if (to.default !== null && (dropDefault || from.default === null)) out.push(at(c.table, `set default ${to.default}`));
  if (from.identity && to.identity) {
    const actions = identityOptionChanges(from.identitySequence, to.identitySequence);
    if (from.identity !== to.identity) actions.unshift(`set generated ${to.identity}`);
    if (actions.length > 0) out.push(at(c.table, actions.join(' ')));
    const a = from.identitySequence?.sequence;
    const b = to.identitySequence?.sequence;
    if (a && b && a.name !== b.name) out.push(`alter sequence ${qname(a)} rename to ${ident(b.name)};`);
  }
  return out;
}
