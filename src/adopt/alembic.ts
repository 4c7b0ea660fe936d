// Alembic's state table, as alembic creates it:
//   CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
//     CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))
// Alembic stores only the current HEADS (one row per branch head), not every applied revision:
// a revision is applied when it is a stored head or an ancestor of one. Here a revision id is a
// migration id and `down_revision` is `depends`, so every migration reachable from a stored head
// through `depends` is applied.
import { ancestors } from '../core/graph.js';
import type { ForeignReader } from './reader.js';
import { text } from './reader.js';

export const alembicReader: ForeignReader = {
  tool: 'alembic',
  table: 'alembic_version',
  columns: ['version_num'],
  orderBy: 'version_num',
  match(rows, migrations) {
    const versioned = migrations.filter((m) => m.kind === 'versioned');
    const ids = new Set(versioned.map((m) => m.id));
    const applied = new Set<string>();
    const unmatched: string[] = [];
    for (const r of rows) {
      const head = text(r['version_num']);
      if (head === null) continue;
      if (!ids.has(head)) {
        unmatched.push(head);
        continue;
      }
      applied.add(head);
      for (const a of ancestors(versioned, head)) applied.add(a);
    }
    // Run order, so records are written oldest first.
    return { applied: versioned.filter((m) => applied.has(m.id)).map((m) => m.id), unmatched };
  },
};
