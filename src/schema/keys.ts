/**
 * Object keys: unambiguous strings naming an object the same way in every database.
 * Relations (tables, views, sequences, indexes) share one namespace in PostgreSQL, so they share `rel:`.
 */
const k = (kind: string, ...parts: string[]): string => `${kind}:${JSON.stringify(parts)}`;

export const keys = {
  schema: (name: string) => k('schema', name),
  extension: (name: string) => k('ext', name),
  collation: (schema: string, name: string) => k('coll', schema, name),
  type: (schema: string, name: string) => k('type', schema, name),
  rel: (schema: string, name: string) => k('rel', schema, name),
  column: (schema: string, table: string, column: string) => k('col', schema, table, column),
  constraint: (schema: string, table: string, name: string) => k('con', schema, table, name),
  func: (schema: string, name: string, args: string) => k('fn', schema, name, args),
  trigger: (schema: string, table: string, name: string) => k('trg', schema, table, name),
  policy: (schema: string, table: string, name: string) => k('pol', schema, table, name),
  privilege: (objectKey: string, grantee: string, privilege: string) => k('priv', objectKey, grantee, privilege),
  comment: (objectKey: string) => k('comment', objectKey),
};

/** For a column key, the key of its table; otherwise null. */
export function tableKeyOfColumn(key: string): string | null {
  if (!key.startsWith('col:')) return null;
  const parts = JSON.parse(key.slice(4)) as string[];
  return keys.rel(parts[0] ?? '', parts[1] ?? '');
}
