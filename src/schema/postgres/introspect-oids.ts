import { keys, type ObjectKey } from '../keys.js';

/** What inspection learned about one pg_class row. */
export interface RelInfo {
  readonly oid: string;
  readonly schema: string;
  readonly name: string;
  readonly relkind: string;
}

/**
 * oid → object key, per catalog. Dependencies, privileges and comments name objects by
 * (catalog, oid, sub-id); these maps turn them into keys that mean the same in every database.
 */
export class OidMap {
  readonly rels = new Map<string, RelInfo>();
  readonly columns = new Map<string, Map<number, string>>();
  private readonly byCatalog = new Map<string, Map<string, ObjectKey>>();
  // One key object per column: dependency rows name the same columns many times, and a key's id is computed once per object.
  private readonly columnKeys = new Map<string, ObjectKey>();

  set(catalog: string, oid: string, key: ObjectKey): void {
    let m = this.byCatalog.get(catalog);
    if (!m) this.byCatalog.set(catalog, (m = new Map()));
    m.set(oid, key);
  }

  get(catalog: string, oid: string): ObjectKey | undefined {
    return this.byCatalog.get(catalog)?.get(oid);
  }

  columnName(relid: string, attnum: number): string | undefined {
    return this.columns.get(relid)?.get(attnum);
  }

  /** The key of (catalog, oid, subid); a pg_class sub-id is a column. */
  keyOf(catalog: string, oid: string, subid: number): ObjectKey | undefined {
    if (catalog === 'pg_class' && subid > 0) {
      const rel = this.rels.get(oid);
      const col = this.columnName(oid, subid);
      const relKey = this.get('pg_class', oid);
      if (!rel || col === undefined || relKey === undefined) return undefined;
      // Only table columns are modelled objects; a view's or index's column stands for the relation.
      if (rel.relkind !== 'r' && rel.relkind !== 'p') return relKey;
      const id = `${oid}:${subid}`;
      let k = this.columnKeys.get(id);
      if (k === undefined) this.columnKeys.set(id, (k = keys.column(rel.schema, rel.name, col)));
      return k;
    }
    return this.get(catalog, oid);
  }
}
