// The lint bench's migration files (issue 12): a realistic mix, three of four creating a table with
// an identity key, an index and two rows, every fourth adding a column to a table created three files
// earlier, indexing it and setting it NOT NULL. Used by run.ts; on its own, to profile a run:
//   node --import tsx bench/lint/generate.ts /tmp/lint-files [--n 1000]
//   cd /tmp/lint-files && node --cpu-prof --cpu-prof-dir /tmp/prof /work/main/bin/shale.js lint --format github
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

/** Write `n` migration files into `folder` (created if missing); returns their paths in order. */
export function writeLintMigrations(folder: string, n: number): string[] {
  mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= n; i++) {
    const body =
      i % 4 === 0
        ? `alter table t${i - 3} add column c${i} text;\ncreate index t${i - 3}_c${i} on t${i - 3} (c${i});\nalter table t${i - 3} alter column c${i} set not null;\n`
        : `create table t${i} (id bigint generated always as identity primary key, name text not null, created_at timestamptz not null default now());\ncreate index t${i}_name on t${i} (name);\ninsert into t${i} (name) values ('a'), ('b');\n`;
    const file = join(folder, `${String(i).padStart(5, '0')}_m.sql`);
    writeFileSync(file, body);
    files.push(file);
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({ options: { n: { type: 'string', default: '1000' } }, allowPositionals: true });
  const dir = positionals[0];
  if (!dir) throw new Error('usage: generate.ts <dir> [--n 1000]');
  writeLintMigrations(join(dir, 'migrations'), Number(values.n));
}
