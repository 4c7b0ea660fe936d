// migra's fixture corpus (../shared/conformance/migra, see CORPUS.md): for every fixture migra's own
// tests use, on the real PostgreSQL:
//  (a) A (a.sql + additions.sql) with the diff applied in one transaction inspects equal to B
//      (normaliseSchema: objects by key, columns by name, `local` and dependencies ignored;
//      privileges compared when the fixture runs --with-privileges);
//  (b) a second diff is empty and the CLI then exits 0;
//  (c) the CLI without --unsafe exits 3 with migra's message wherever migra's expected SQL is
//      destructive by migra's rule (a "drop" statement), and the typed destructive flag agrees.
// generated_added is excluded by CORPUS.md; its right answer (drop table "public"."t";) is checked
// separately.
// shale's own plans are golden files in test/conformance/golden/<fixture>/ (migra's expected.sql is
// migra's output and stays the corpus's): expected.sql (A → B, as `shale diff --unsafe` prints it),
// expected2.sql (A + additions → B, where the fixture has additions) and expected-reverse.sql
// (B → A + additions). SHALE_UPDATE_GOLDEN=1 rewrites them (the checks above still run); a missing
// one is written, or fails under CI=true. See test/helpers/golden.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { createPgDatabase, skipUnlessPg, withPgPair } from '../helpers/databases.js';
import { checkConvergence } from '../schema/convergence.js';
import { assertGolden, renderPlan } from '../helpers/golden.js';
import type { SchemaDiffOptions } from '../../src/schema/postgres/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = join(resolve(root, '../shared'), 'conformance/migra');
const runner = join(root, 'test/schema/diff-cli-runner.ts');
const ROLE = `do $$ begin create role schemainspect_test_role; exception when duplicate_object or unique_violation then null; end $$`;
const MESSAGE = '-- ERROR: destructive statements generated. Use the --unsafe flag to suppress this error.\n';
const golden = (name: string, file: string) => join(root, 'test/conformance/golden', name, file);

interface Fixture {
  name: string;
  flags?: string[];
  used_by?: string;
  needs_role?: string[];
}

function optionsFor(flags: readonly string[]): SchemaDiffOptions {
  const value = (f: string) => flags[flags.indexOf(f) + 1];
  const schema = flags.includes('--schema') ? value('--schema') : undefined;
  const excluded = flags.includes('--exclude_schema') ? value('--exclude_schema') : flags.includes('--exclude-schema') ? value('--exclude-schema') : undefined;
  return {
    withPrivileges: flags.includes('--with-privileges'),
    ignoreExtensionVersions: flags.includes('--ignore-extension-versions'),
    createExtensionsOnly: flags.includes('--create-extensions-only'),
    ...(schema ? { schemas: [schema] } : {}),
    ...(excluded ? { excludeSchemas: [excluded] } : {}),
  };
}

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', runner, 'diff', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

const manifestPath = join(corpus, 'MANIFEST.json');
if (!existsSync(manifestPath)) {
  test('migra conformance corpus', () => {
    assert.fail(`migra fixtures not found at ${corpus}: the conformance suite needs ../shared/conformance/migra (CORPUS.md, MANIFEST.json)`);
  });
} else {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Fixture[];
  const used = manifest.filter((f) => f.used_by !== undefined && f.flags !== undefined && f.name !== 'generated_added');
  const skip = await skipUnlessPg();
  const read = (name: string, file: string) => readFileSync(join(corpus, 'FIXTURES', name, file), 'utf8');

  test('the corpus has the 25 fixtures migra tests use', { skip }, () => {
    assert.equal(used.length, 25, used.map((f) => f.name).join(', '));
  });

  for (const f of used) {
    test(`migra fixture ${f.name}`, { skip }, async (t) => {
      const flags = f.flags ?? [];
      const A = await createPgDatabase('shale_migra');
      const B = await createPgDatabase('shale_migra');
      const a = await client(A.url);
      const b = await client(B.url);
      try {
        await a.query(ROLE);
        const expected = read(f.name, 'expected.sql');
        const migraDestructive = /drop\s+/i.test(expected);
        const additions = read(f.name, 'additions.sql');
        // (c) before anything is applied: the CLI refuses without --unsafe where migra does.
        await a.query(read(f.name, 'a.sql'));
        await b.query(read(f.name, 'b.sql'));
        const safeFlags = flags.filter((x) => x !== '--unsafe');
        const refused = cli([A.url, B.url, ...safeFlags]);
        if (migraDestructive) {
          assert.equal(refused.code, 3, `expected exit 3, got ${refused.code}: ${refused.stderr}`);
          assert.equal(refused.stdout, '');
          assert.ok(refused.stderr.endsWith(MESSAGE), refused.stderr);
        } else {
          assert.equal(refused.code, 2, `migra does not refuse this diff; shale exited ${refused.code}: ${refused.stderr}`);
        }
        const unsafe = cli([A.url, B.url, ...flags]);
        assert.equal(unsafe.code, 2, `expected exit 2 with --unsafe, got ${unsafe.code}: ${unsafe.stderr}`);
        assert.ok(unsafe.stdout.trim().length > 0);
        // (a) + library: fresh databases again (a.sql + additions), apply in one transaction, compare.
        const A2 = await createPgDatabase('shale_migra');
        const B2 = await createPgDatabase('shale_migra');
        const a2 = await client(A2.url);
        const b2 = await client(B2.url);
        try {
          const r = await checkConvergence({ a: a2, b: b2 }, { a: read(f.name, 'a.sql'), b: read(f.name, 'b.sql'), additions, opts: optionsFor(flags) });
          assert.deepEqual(r.differences, [], `A and B still differ after applying:\n${r.statements.map((s) => s.sql).join('\n')}`);
          assert.deepEqual(r.remaining.map((s) => s.sql), [], 'a second diff is not empty');
          const migraDestructive2 = additions.trim() === '' ? migraDestructive : /drop\s+/i.test(read(f.name, 'expected2.sql'));
          assert.equal(r.destructive, migraDestructive2, 'typed destructive flag disagrees with migra');
          // (b) the CLI agrees there is nothing left.
          const again = cli([A2.url, B2.url, ...flags]);
          assert.equal(again.code, 0, `second CLI diff exit ${again.code}: ${again.stdout}${again.stderr}`);
          assert.equal(again.stdout, '');
          assertGolden(golden(f.name, 'expected.sql'), unsafe.stdout);
          if (additions.trim() !== '') assertGolden(golden(f.name, 'expected2.sql'), renderPlan(r.statements));
          t.diagnostic(`${f.name}: ${r.statements.length} statements, destructive=${r.destructive} (migra ${migraDestructive}), converged`);
          console.log(`migra fixture ${f.name}: ok (${r.statements.length} statements, destructive=${r.destructive}, migra destructive=${migraDestructive})`);
        } finally {
          await a2.end();
          await b2.end();
          await A2.drop();
          await B2.drop();
        }
      } finally {
        await a.end();
        await b.end();
        await A.drop();
        await B.drop();
      }
    });
  }

  // Beyond migra's own checks: each fixture also converges the other way (B → A + additions), as a
  // rollback would need. Not extversions: PostgreSQL has no downgrade path for an extension
  // (pg_trgm 1.4 → 1.3), so `alter extension … update to` an older version cannot work.
  const NO_REVERSE: Record<string, string> = { extversions: 'extensions cannot be downgraded' };
  for (const f of used.filter((x) => !(x.name in NO_REVERSE))) {
    test(`migra fixture ${f.name} in reverse (b → a)`, { skip }, () =>
      withPgPair('shale_migra', async ({ a, b }) => {
        await a.query(ROLE);
        const r = await checkConvergence({ a, b }, { a: read(f.name, 'b.sql'), b: `${read(f.name, 'a.sql')}\n${read(f.name, 'additions.sql')}`, opts: optionsFor(f.flags ?? []) });
        assert.deepEqual(r.differences, [], `B and A still differ after applying:\n${r.statements.map((s) => s.sql).join('\n')}`);
        assert.deepEqual(r.remaining.map((s) => s.sql), [], 'a second diff is not empty');
        assertGolden(golden(f.name, 'expected-reverse.sql'), renderPlan(r.statements));
        console.log(`migra fixture ${f.name} in reverse: ok (${r.statements.length} statements)`);
      }));
  }

  test('generated_added: the right answer is dropping the table', { skip }, async () => {
    const A = await createPgDatabase('shale_migra');
    const B = await createPgDatabase('shale_migra');
    try {
      const a = await client(A.url);
      const b = await client(B.url);
      await a.query(read('generated_added', 'a.sql'));
      await b.query(read('generated_added', 'b.sql'));
      await a.end();
      await b.end();
      const r = cli([A.url, B.url, '--unsafe', '--ignore-extension-versions', '--with-privileges']);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout.trim(), 'drop table "public"."t";');
    } finally {
      await A.drop();
      await B.drop();
    }
  });

  test('EMPTY EMPTY exits 0', { skip }, async () => {
    const A = await createPgDatabase('shale_migra');
    const B = await createPgDatabase('shale_migra');
    try {
      const r = cli([A.url, B.url]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
    } finally {
      await A.drop();
      await B.drop();
    }
  });
}
