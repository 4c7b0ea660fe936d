// Flyway's state table, as Flyway creates it (PostgreSQL shown; SQLite has the same columns with
// "installed_rank" INT NOT NULL PRIMARY KEY and "installed_on" TEXT defaulting to strftime(…)):
//   CREATE TABLE "flyway_schema_history" ("installed_rank" INT NOT NULL, "version" VARCHAR(50),
//     "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL,
//     "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL,
//     "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL,
//     "success" BOOLEAN NOT NULL);  + PRIMARY KEY ("installed_rank"), INDEX on ("success")
// One row per event, in installed_rank order: type SQL/JDBC/… with success = applied (failed rows
// have success = false); UNDO_SQL/UNDO_JDBC = undone; DELETE = removed by `repair`; BASELINE
// (`<< Flyway Baseline >>`) = every version up to it counts as applied; SCHEMA = schema creation.
// Versioned rows match files by version (part by part: 1.1 = 1_1); repeatable rows (version NULL)
// match `R__…` files by script file name (without the sub-folder). The last event for a version decides.
import type { Row } from '../adapters/adapter.js';
import { compareVersions } from '../core/natural-order.js';
import type { ForeignReader } from './reader.js';
import { text } from './reader.js';

const succeeded = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't' || v === 'true' || v === 1n;

interface Events {
  readonly versions: Map<string, { ok: boolean; script: string }>;
  readonly repeatables: Map<string, boolean>;
  baseline: string | null;
}

function replay(rows: readonly Row[]): Events {
  const ev: Events = { versions: new Map(), repeatables: new Map(), baseline: null };
  for (const r of rows) {
    const type = (text(r['type']) ?? '').toUpperCase();
    const version = text(r['version']);
    const script = text(r['script']) ?? '';
    const ok = succeeded(r['success']);
    if (type === 'SCHEMA') continue;
    if (type === 'BASELINE') {
      if (ok && version !== null) ev.baseline = version;
      continue;
    }
    const applied = ok && !type.startsWith('UNDO') && type !== 'DELETE';
    // Flyway records a script found in a sub-folder of a location with its relative path.
    if (version === null) ev.repeatables.set(script.slice(script.lastIndexOf('/') + 1), applied);
    else {
      const key = [...ev.versions.keys()].find((k) => compareVersions(k, version) === 0) ?? version;
      ev.versions.set(key, { ok: applied, script });
    }
  }
  return ev;
}

export const flywayReader: ForeignReader = {
  tool: 'flyway',
  table: 'flyway_schema_history',
  columns: ['installed_rank', 'version', 'description', 'type', 'script', 'success'],
  orderBy: 'installed_rank',
  match(rows, migrations) {
    const ev = replay(rows);
    const applied: string[] = [];
    const matchedVersions = new Set<string>();
    const matchedScripts = new Set<string>();
    for (const m of migrations) {
      if (m.kind === 'repeatable') {
        const script = `${m.id}.sql`;
        if (ev.repeatables.get(script) === true) applied.push(m.id);
        if (ev.repeatables.has(script)) matchedScripts.add(script);
        continue;
      }
      if (m.version === undefined) continue;
      const key = [...ev.versions.keys()].find((k) => compareVersions(k, m.version!) === 0);
      if (key !== undefined) matchedVersions.add(key);
      const state = key === undefined ? undefined : ev.versions.get(key)!.ok;
      const baselined = ev.baseline !== null && compareVersions(m.version, ev.baseline) <= 0;
      if (state === true || (state === undefined && baselined)) applied.push(m.id);
    }
    const unmatched = [
      ...[...ev.versions].filter(([k, v]) => v.ok && !matchedVersions.has(k)).map(([k, v]) => `V${k} (${v.script})`),
      ...[...ev.repeatables].filter(([s, ok]) => ok && !matchedScripts.has(s)).map(([s]) => s),
    ];
    return { applied, unmatched };
  },
};
