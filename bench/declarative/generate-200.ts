// Time `generate` on a 200-migration history: the library call (with a breakdown) and the CLI.
// Usage: node --import tsx bench/declarative/generate-200.ts [postgres://… dev url]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyMigrations } from '../../src/declarative/apply-migrations.js';
import { desiredSnapshot, openDevDatabase, planGeneration, readSchemaFiles, snapshot } from '../../src/declarative/index.js';
import { diffModels, type Schema } from '../../src/schema/postgres/index.js';
import { history } from './history.js';

const devUrl = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'shale-bench-gen-'));
const migrations = join(dir, 'migrations');
mkdirSync(migrations);
const h = history(200);
for (const [name, text] of Object.entries(h.migrations)) writeFileSync(join(migrations, name), text);
const schema = join(dir, 'schema.sql');
writeFileSync(schema, h.desired);

const ms = (t: number) => Math.round(performance.now() - t);
const dev = devUrl ? { devUrl } : {};
console.log(`dev database: ${devUrl ?? 'pglite:memory'}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

// Breakdown (same steps as planGeneration).
let t = performance.now();
const db = await openDevDatabase(devUrl);
const tStart = ms(t);
t = performance.now();
const desired = (await desiredSnapshot(db.adapter, readSchemaFiles(schema))) as Schema;
const tDesired = ms(t);
t = performance.now();
await applyMigrations(db.adapter, { sources: [migrations] });
const tMigrations = ms(t);
t = performance.now();
const current = (await snapshot(db.adapter)) as Schema;
const tSnap = ms(t);
t = performance.now();
const up = diffModels(current, desired);
diffModels(desired, current);
const tDiff = ms(t);
await db.dispose();
console.log(`breakdown: dev start ${tStart} ms, desired schema applied+read ${tDesired} ms, 200 migrations applied ${tMigrations} ms, snapshot ${tSnap} ms, both diffs ${tDiff} ms (${up.statements.length} statements)`);

t = performance.now();
const plan = await planGeneration({ schema, sources: [migrations], ...dev });
console.log(`planGeneration (library, warm process): ${ms(t)} ms, ${plan.up.length} statements up, ${plan.down.length} down`);

const bin = resolve(import.meta.dirname, '../../bin/shale.js');
t = performance.now();
execFileSync(process.execPath, [bin, '--source', migrations, 'generate', 'bench', '--desired', schema, ...(devUrl ? ['--dev-url', devUrl] : [])], { stdio: 'pipe' });
console.log(`shale generate (CLI, new process): ${ms(t)} ms; files: ${readdirSync(migrations).filter((f) => f.includes('bench')).join(', ')}`);
