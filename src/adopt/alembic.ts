// Alembic's state table, as alembic creates it:
//   CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
//     CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))
// Alembic stores only the current HEADS (one row per branch head), not every applied revision:
// a revision is applied when it is a stored head or an ancestor of one. Here a revision id is a
// migration id (or the id of a file named as alembic names its scripts, `<rev>_<slug>`) and
// `down_revision` is `depends`, so every migration reachable from a stored head through `depends`
// is applied. A set that declares no `depends` at all is a plain chain (as `shale graph` draws it):
// the head and every migration before it in run order are applied.
import { ancestors } from '../core/graph.js';
import type { Migration } from '../core/migration.js';
import type { ForeignReader } from './reader.js';
import { text } from './reader.js';

/** The migration a stored revision names: the same id, else the one file named `<rev>_…`. */
function findRevision(versioned: readonly Migration[], rev: string): Migration | undefined {
  const exact = versioned.find((m) => m.id === rev);
  if (exact) return exact;
  const named = versioned.filter((m) => m.id.startsWith(`${rev}_`));
  return named.length === 1 ? named[0] : undefined;
}

export const alembicReader: ForeignReader = {
  tool: 'alembic',
  table: 'alembic_version',
  columns: ['version_num'],
  orderBy: 'version_num',
  match(rows, migrations) {
    const versioned = migrations.filter((m) => m.kind === 'versioned');
    const chain = !versioned.some((m) => m.depends.length > 0);
    const applied = new Set<string>();
    const unmatched: string[] = [];
    for (const r of rows) {
      const rev = text(r['version_num']);
      if (rev === null) continue;
      const head = findRevision(versioned, rev);
      if (!head) {
        unmatched.push(rev);
        continue;
      }
      applied.add(head.id);
      const before = chain ? versioned.slice(0, versioned.indexOf(head)).map((m) => m.id) : ancestors(versioned, head.id);
      for (const a of before) applied.add(a);
    }
    // Run order, so records are written oldest first.
    return { applied: versioned.filter((m) => applied.has(m.id)).map((m) => m.id), unmatched };
  },
};
