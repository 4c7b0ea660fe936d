/** SQLite identifier quoting: always quoted, embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A SQLite string literal, embedded quotes doubled: only for text SQL must carry as a literal (a
 * generated migration has no parameters), never for values a statement could take as parameters.
 */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
