/** Reading libpg-query's JSON parse tree: `{ NodeType: { …fields } }`, fields absent when default. */
import type { AstNode } from '../../schema/postgres/pg-ast.js';

export type { AstNode };

/** A relation reference (`RangeVar`): schema null when unqualified. Names are as the parser folded them. */
export interface RelName {
  readonly schema: string | null;
  readonly name: string;
}

/** The node type and body of a `{ Type: body }` node. */
export function nodeOf(node: unknown): [string, AstNode] {
  // The first key, without building the entries array (this runs for every node a rule looks at).
  if (node !== null && typeof node === 'object') for (const type in node) return [type, ((node as AstNode)[type] ?? {}) as AstNode];
  return ['', {}];
}

/** The body of `node` when it is of `type`, else null. */
export function asNode(node: unknown, type: string): AstNode | null {
  // A parse node has exactly one key, its type: a property read answers without listing its keys.
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, type)) return null;
  return ((node as AstNode)[type] ?? {}) as AstNode;
}

/** A list field (absent means empty). */
export function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A `RangeVar` body as a relation name. */
export function relName(rangeVar: unknown): RelName | null {
  const r = rangeVar as { relname?: string; schemaname?: string } | undefined;
  return r?.relname ? { schema: r.schemaname ?? null, name: r.relname } : null;
}

/** The strings of a `[{ String: { sval } }]` name list (`typeName.names`, `funcname`, …). */
export function names(v: unknown): string[] {
  return list(v).map((n) => (asNode(n, 'String')?.['sval'] as string | undefined) ?? '');
}

/**
 * The type name of a `TypeName` node, without `pg_catalog.` (`int4`, `varchar`, `timestamp`), with
 * its modifiers as numbers where they are constants (`varchar(20)` → [20]).
 */
export function typeNameOf(typeName: unknown): { name: string; mods: number[]; array: boolean } {
  const t = (typeName ?? {}) as AstNode;
  const parts = names(t['names']);
  const name = parts[0] === 'pg_catalog' && parts.length > 1 ? parts.slice(1).join('.') : parts.join('.');
  const mods = list(t['typmods']).map((m) => {
    const ival = asNode(m, 'A_Const')?.['ival'] as { ival?: number } | undefined;
    return ival ? (ival.ival ?? 0) : NaN; // 0 is left out of the tree
  });
  return { name, mods, array: list(t['arrayBounds']).length > 0 };
}
