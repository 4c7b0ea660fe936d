import type { ObjectRef, QName } from './model.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../adapters/postgres/quote.js';

/** Names and literals in generated DDL, built on the adapter's one quoting layer (quote.ts). */
export const ident = quoteIdent;
export const literal = quoteLiteral;

/** `"schema"."name"` */
export function qname(q: QName): string {
  return quoteQualified(q.schema, q.name);
}

/** A role in GRANT/REVOKE/POLICY: PUBLIC is a keyword, everything else an identifier. */
export function role(name: string): string {
  return name.toLowerCase() === 'public' ? 'public' : ident(name);
}

/** An aggregate's arguments as CREATE/DROP/COMMENT AGGREGATE take them: `*` for none. */
export function aggregateSignature(identityArgs: string): string {
  return identityArgs === '' ? '*' : identityArgs;
}

/** An object as GRANT/COMMENT name it, e.g. `table "s"."t"`, `function "s"."f"(integer)`. */
export function objectTarget(ref: ObjectRef, forGrant = false): string {
  switch (ref.kind) {
    case 'schema':
      return `schema ${ident(ref.name)}`;
    case 'extension':
      return `extension ${ident(ref.name)}`;
    case 'table':
    case 'view':
    case 'materialized view':
    case 'foreign table':
      return `${forGrant ? 'table' : ref.kind} ${qname(ref)}`;
    case 'sequence':
    case 'index':
    case 'type':
    case 'domain':
    case 'collation':
      return `${ref.kind} ${qname(ref)}`;
    case 'function':
    case 'procedure':
      return `${ref.kind} ${qname(ref)}(${ref.args})`;
    case 'aggregate':
      // GRANT names an aggregate as a function; COMMENT needs its signature (`*` for no arguments).
      return forGrant ? `function ${qname(ref)}(${ref.argTypes})` : `aggregate ${qname(ref)}(${aggregateSignature(ref.args)})`;
    case 'statistics':
    case 'text search dictionary':
    case 'text search configuration':
      return `${ref.kind} ${qname(ref)}`;
    case 'event trigger':
    case 'publication':
    case 'foreign data wrapper':
      return `${ref.kind} ${ident(ref.name)}`;
    case 'server':
      return `${forGrant ? 'foreign server' : 'server'} ${ident(ref.name)}`;
    case 'user mapping':
      return `user mapping for ${role(ref.user)} server ${ident(ref.server)}`;
    case 'cast':
      return `cast (${ref.source} as ${ref.target})`;
    case 'operator':
      return `operator ${ident(ref.schema)}.${ref.name} (${ref.left}, ${ref.right})`;
    case 'operator class':
    case 'operator family':
      return `${ref.kind} ${qname(ref)} using ${ident(ref.method)}`;
    case 'column':
      return `column ${ident(ref.schema)}.${ident(ref.table)}.${ident(ref.column)}`;
    case 'constraint':
    case 'trigger':
    case 'policy':
    case 'rule':
      return `${ref.kind} ${ident(ref.name)} on ${ident(ref.schema)}.${ident(ref.table)}`;
  }
}
