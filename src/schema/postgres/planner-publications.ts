import type { Publication, PublicationTable } from './model.js';
import { ident, literal, qname } from './planner-quote.js';

/** CREATE PUBLICATION; options at their defaults (every action, partitions by their own names) are left out. */
export function createPublication(p: Publication): string {
  const listed = objects(p.tables, p.schemas);
  const what = p.allTables ? ' for all tables' : listed.length > 0 ? ` for ${listed.join(', ')}` : '';
  const opts = options(p);
  return `create publication ${ident(p.name)}${what}${opts.length > 0 ? ` with (${opts.join(', ')})` : ''};`;
}

/** Tables and schemas dropped first, then added; a table with a new column list or filter is dropped and added again. */
export function alterPublication(a: Publication, b: Publication): string[] {
  const at = `alter publication ${ident(b.name)}`;
  const same = (x: PublicationTable, y: PublicationTable) => x.table.schema === y.table.schema && x.table.name === y.table.name;
  const gone = a.tables.filter((x) => !b.tables.some((y) => same(x, y) && sameEntry(x, y)));
  const come = b.tables.filter((y) => !a.tables.some((x) => same(x, y) && sameEntry(x, y)));
  const goneSchemas = a.schemas.filter((s) => !b.schemas.includes(s));
  const comeSchemas = b.schemas.filter((s) => !a.schemas.includes(s));
  const out: string[] = [];
  if (gone.length + goneSchemas.length > 0) out.push(`${at} drop ${[...gone.map((t) => `table ${qname(t.table)}`), ...goneSchemas.map(inSchema)].join(', ')};`);
  if (come.length + comeSchemas.length > 0) out.push(`${at} add ${objects(come, comeSchemas).join(', ')};`);
  if (a.publish.join() !== b.publish.join() || a.viaPartitionRoot !== b.viaPartitionRoot) {
    out.push(`${at} set (publish = ${literal(b.publish.join(', '))}, publish_via_partition_root = ${b.viaPartitionRoot});`);
  }
  return out;
}

const sameEntry = (x: PublicationTable, y: PublicationTable) => x.where === y.where && (x.columns ?? []).join() === (y.columns ?? []).join() && (x.columns === null) === (y.columns === null);

const inSchema = (s: string) => `tables in schema ${ident(s)}`;

/** Each object with its own keyword (`table …, tables in schema …`), so a list never depends on the one before. */
function objects(tables: readonly PublicationTable[], schemas: readonly string[]): string[] {
  return [
    ...tables.map((t) => `table ${qname(t.table)}${t.columns === null ? '' : ` (${t.columns.map(ident).join(', ')})`}${t.where === null ? '' : ` where (${t.where})`}`),
    ...schemas.map(inSchema),
  ];
}

const ALL_ACTIONS = 'insert,update,delete,truncate';

function options(p: Publication): string[] {
  const out: string[] = [];
  if (p.publish.join() !== ALL_ACTIONS) out.push(`publish = ${literal(p.publish.join(', '))}`);
  if (p.viaPartitionRoot) out.push('publish_via_partition_root = true');
  return out;
}
