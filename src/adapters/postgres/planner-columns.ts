import type { Change } from '../../schema/change.js';
import type { Column, QName, Table } from '../../schema/model.js';
import { ident, qname } from './planner-quote.js';

/** A column as CREATE TABLE / ADD COLUMN write it. */
export function columnDefinition(c: Column): string {
  let s = `${ident(c.name)} ${c.type}`;
  if (c.collation) s += ` collate ${c.collation}`;
  if (c.generated) s += ` generated always as (${c.generated.expression}) ${c.generated.kind}`;
  if (c.identity) s += ` generated ${c.identity} as identity`;
  if (c.default !== null) s += ` default ${c.default}`;
  if (c.notNull) s += ' not null';
  return s;
}

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
 * One column's changes in the order PostgreSQL accepts them: identity/expression/default removed
 * before a type change, NOT NULL before an identity is added, the new default after the new type.
 */
export function alterColumnSql(c: Extract<Change, { kind: 'alterColumn' }>): string[] {
  const { from, to } = c;
  const at = (t: QName, rest: string) => `alter table ${qname(t)} alter column ${ident(to.name)} ${rest};`;
  const out: string[] = [];
  const retype = c.retype || from.type !== to.type || from.collation !== to.collation;
  if (from.identity && !to.identity) out.push(at(c.table, 'drop identity'));
  if (from.generated && !to.generated) out.push(at(c.table, 'drop expression'));
  const dropDefault = from.default !== null && (retype || from.default !== to.default);
  if (dropDefault) out.push(at(c.table, 'drop default'));
  if (retype) {
    const via = c.castViaText ? '::text' : '';
    const collate = to.collation ? ` collate ${to.collation}` : '';
    out.push(at(c.table, `set data type ${to.type}${collate} using ${ident(to.name)}${via}::${to.type}`));
  }
  if (from.notNull !== to.notNull) out.push(at(c.table, to.notNull ? 'set not null' : 'drop not null'));
  if (to.default !== null && (dropDefault || from.default === null)) out.push(at(c.table, `set default ${to.default}`));
  if (to.identity && !from.identity) out.push(at(c.table, `add generated ${to.identity} as identity`));
  else if (to.identity && from.identity && to.identity !== from.identity) out.push(at(c.table, `set generated ${to.identity}`));
  return out;
}
