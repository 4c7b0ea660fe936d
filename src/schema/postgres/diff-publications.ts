import type { Change } from './change.js';
import type { QName, Schema } from './model.js';
import { keys } from '../keys.js';
import { matchByKey, sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';

/**
 * Publications: altered in place (tables, schemas, options), but dropped and created when FOR ALL
 * TABLES comes or goes (no ALTER makes that change), or when a table they name is rebuilt (dropped
 * and created: its memberships go with it). Dependencies on tables and columns order an
 * alter before a published table or a listed column is dropped, and after a new one is created.
 */
export function diffPublications(from: Schema, to: Schema, out: EditList<Change>): void {
  const p = matchByKey(from.publications, to.publications);
  for (const x of p.added) out.add({ kind: 'createPublication', publication: x }, 'create', x.key);
  for (const x of p.removed) out.add({ kind: 'dropPublication', publication: x, recreate: false }, 'drop', x.key);
  // A table the plan drops and creates again (rebuilt) leaves every publication it was in.
  const rebuilt = (t: QName) => out.has(keys.rel(t.schema, t.name), 'drop') && out.has(keys.rel(t.schema, t.name), 'create');
  for (const [a, b] of p.both) {
    const kept = a.tables.some((x) => rebuilt(x.table) && b.tables.some((y) => y.table.schema === x.table.schema && y.table.name === x.table.name));
    if (kept) {
      out.add({ kind: 'dropPublication', publication: a, recreate: true }, 'drop', a.key);
      out.add({ kind: 'createPublication', publication: b }, 'create', b.key);
      continue;
    }
    if (sameData(a, b)) continue;
    if (a.allTables === b.allTables) out.add({ kind: 'alterPublication', from: a, to: b }, 'alter', b.key);
    else {
      out.add({ kind: 'dropPublication', publication: a, recreate: false }, 'drop', a.key);
      out.add({ kind: 'createPublication', publication: b }, 'create', b.key);
    }
  }
}
