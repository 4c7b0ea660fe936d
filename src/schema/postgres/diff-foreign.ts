import type { Change } from './change.js';
import type { ForeignTable, Schema } from './model.js';
import { matchByKey, sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';

/**
 * Foreign data wrappers, servers, user mappings and foreign tables. Options (and a wrapper's
 * functions, a server's version) are altered in place; a server's new wrapper or type, or a foreign
 * table's new server or columns, is a drop and a create, and what depends on it is recreated around
 * it (diff-recreate.ts). A foreign table keeps no rows here, so its recreation loses nothing.
 */
export function diffForeign(from: Schema, to: Schema, out: EditList<Change>): void {
  const w = matchByKey(from.foreignDataWrappers, to.foreignDataWrappers);
  for (const x of w.added) out.add({ kind: 'createFdw', wrapper: x }, 'create', x.key);
  for (const x of w.removed) out.add({ kind: 'dropFdw', wrapper: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of w.both) if (!sameData(a, b)) out.add({ kind: 'alterFdw', from: a, to: b }, 'alter', b.key);

  const s = matchByKey(from.foreignServers, to.foreignServers);
  // What uses a recreated server is dropped and created with it (never altered in between).
  const recreated = new Set<string>();
  for (const x of s.added) out.add({ kind: 'createServer', server: x }, 'create', x.key);
  for (const x of s.removed) out.add({ kind: 'dropServer', server: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of s.both) {
    if (sameData(a, b)) continue;
    // ALTER SERVER sets a version but cannot take it away.
    if (a.wrapper === b.wrapper && a.type === b.type && (b.version !== null || a.version === null)) out.add({ kind: 'alterServer', from: a, to: b }, 'alter', b.key);
    else {
      recreated.add(a.name);
      out.add({ kind: 'dropServer', server: a, recreate: false }, 'drop', a.key);
      out.add({ kind: 'createServer', server: b }, 'create', b.key);
    }
  }

  const m = matchByKey(from.userMappings, to.userMappings);
  for (const x of m.added) out.add({ kind: 'createUserMapping', mapping: x }, 'create', x.key);
  for (const x of m.removed) out.add({ kind: 'dropUserMapping', mapping: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of m.both) {
    if (recreated.has(a.server)) {
      out.add({ kind: 'dropUserMapping', mapping: a, recreate: true }, 'drop', a.key);
      out.add({ kind: 'createUserMapping', mapping: b }, 'create', b.key);
    } else if (!a.optionsHidden && !b.optionsHidden && !sameData(a.options, b.options)) out.add({ kind: 'alterUserMapping', from: a, to: b }, 'alter', b.key);
  }

  const t = matchByKey(from.foreignTables, to.foreignTables);
  for (const x of t.added) out.add({ kind: 'createForeignTable', table: x }, 'create', x.key);
  for (const x of t.removed) out.add({ kind: 'dropForeignTable', table: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of t.both) {
    if (sameData(a, b) && !recreated.has(a.server)) continue;
    if (a.server === b.server && !recreated.has(a.server) && sameData(shape(a), shape(b))) out.add({ kind: 'alterForeignTable', from: a, to: b }, 'alter', b.key);
    else {
      out.add({ kind: 'dropForeignTable', table: a, recreate: true }, 'drop', a.key);
      out.add({ kind: 'createForeignTable', table: b }, 'create', b.key);
    }
  }
}

/** A foreign table's columns without their options. */
const shape = (t: ForeignTable) => t.columns.map((c) => ({ ...c, options: [] }));
