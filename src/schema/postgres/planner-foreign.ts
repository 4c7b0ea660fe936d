import type { FdwOption, ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping } from './model.js';
import { ident, literal, qname, role } from './planner-quote.js';

/** `options (name 'value', …)`, or nothing. */
function options(opts: readonly FdwOption[]): string {
  return opts.length === 0 ? '' : ` options (${opts.map((o) => `${ident(o.name)} ${literal(o.value)}`).join(', ')})`;
}

/** `options (add …, set …, drop …)` from one list to another, or nothing when they are the same. */
function alterOptions(a: readonly FdwOption[], b: readonly FdwOption[]): string {
  const acts: string[] = [];
  for (const o of b) {
    const old = a.find((x) => x.name === o.name);
    if (!old) acts.push(`add ${ident(o.name)} ${literal(o.value)}`);
    else if (old.value !== o.value) acts.push(`set ${ident(o.name)} ${literal(o.value)}`);
  }
  for (const o of a) if (!b.some((x) => x.name === o.name)) acts.push(`drop ${ident(o.name)}`);
  return acts.length === 0 ? '' : ` options (${acts.join(', ')})`;
}

export function createFdw(w: ForeignDataWrapper): string {
  const handler = w.handler === null ? '' : ` handler ${w.handler}`;
  const validator = w.validator === null ? '' : ` validator ${w.validator}`;
  return `create foreign data wrapper ${ident(w.name)}${handler}${validator}${options(w.options)};`;
}

export function alterFdw(a: ForeignDataWrapper, b: ForeignDataWrapper): string[] {
  let acts = '';
  if (a.handler !== b.handler) acts += b.handler === null ? ' no handler' : ` handler ${b.handler}`;
  if (a.validator !== b.validator) acts += b.validator === null ? ' no validator' : ` validator ${b.validator}`;
  acts += alterOptions(a.options, b.options);
  return acts === '' ? [] : [`alter foreign data wrapper ${ident(b.name)}${acts};`];
}

export function createServer(s: ForeignServer): string {
  const type = s.type === null ? '' : ` type ${literal(s.type)}`;
  const version = s.version === null ? '' : ` version ${literal(s.version)}`;
  return `create server ${ident(s.name)}${type}${version} foreign data wrapper ${ident(s.wrapper)}${options(s.options)};`;
}

export function alterServer(a: ForeignServer, b: ForeignServer): string[] {
  const version = a.version !== b.version && b.version !== null ? ` version ${literal(b.version)}` : '';
  const acts = version + alterOptions(a.options, b.options);
  return acts === '' ? [] : [`alter server ${ident(b.name)}${acts};`];
}

const mappingOf = (m: UserMapping) => `user mapping for ${role(m.user)} server ${ident(m.server)}`;

export function createUserMapping(m: UserMapping): string {
  return `create ${mappingOf(m)}${options(m.options)};`;
}

export function alterUserMapping(a: UserMapping, b: UserMapping): string[] {
  const acts = alterOptions(a.options, b.options);
  return acts === '' ? [] : [`alter ${mappingOf(b)}${acts};`];
}

export function dropUserMapping(m: UserMapping): string {
  return `drop ${mappingOf(m)};`;
}

export function createForeignTable(t: ForeignTable): string {
  const cols = t.columns.map((c) => {
    let d = `    ${ident(c.name)} ${c.type}${options(c.options)}`;
    if (c.collation) d += ` collate ${c.collation}`;
    if (c.notNull) d += ' not null';
    if (c.default !== null) d += ` default ${c.default}`;
    return d;
  });
  return `create foreign table ${qname(t)} (\n${cols.join(',\n')}\n) server ${ident(t.server)}${options(t.options)};`;
}

/** The table's options and each column's. */
export function alterForeignTable(a: ForeignTable, b: ForeignTable): string[] {
  const acts: string[] = [];
  for (const c of b.columns) {
    const old = a.columns.find((x) => x.name === c.name);
    const o = alterOptions(old?.options ?? [], c.options);
    if (o !== '') acts.push(`alter column ${ident(c.name)}${o}`);
  }
  const own = alterOptions(a.options, b.options).trimStart();
  if (own !== '') acts.push(own);
  return acts.length === 0 ? [] : [`alter foreign table ${qname(b)} ${acts.join(', ')};`];
}
