// `shale lint` end to end: what it lints (all without a database, the pending ones with one), what
// the runner knows (transaction mode, tables created by the run, sizes and version of --db), ignore
// comments, config rule settings, the baseline, the output formats and exit codes.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';
import { createPgDatabase, pgQuery, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';

function project(files: Record<string, string>, config?: unknown): string {
  const dir = tempDir('shale-lint-');
  mkdirSync(join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text);
  if (config !== undefined) writeFileSync(join(dir, 'shale.config.json'), JSON.stringify(config));
  return dir;
}

interface JsonFinding {
  code: string;
  rule: string;
  aliases: string[];
  severity: string;
  migration: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string;
}
interface LintDoc {
  findings: JsonFinding[];
  ignored: number;
  baselined: number;
  migrations: number;
  unread: string[];
}

async function lintJson(dir: string, args: string[] = []): Promise<{ code: number | null; doc: LintDoc; stderr: string }> {
  const r = await shale(['lint', '--json', ...args], { cwd: dir });
  return { code: r.code, doc: JSON.parse(r.stdout) as LintDoc, stderr: r.stderr };
}

const INDEX_ON_EXISTING = 'create index orders_x on orders (x);\n';

describe('shale lint without a database', { concurrency: true }, () => {
  it('lints every migration and prints the documented JSON fields; an error-level finding exits 3', async () => {
    const dir = project({ '0001_a.sql': '-- transaction: false\nselect 1;\n', '0002_b.sql': 'select 1;\nalter table orders add column c int not null;\n' });
    const { code, doc } = await lintJson(dir);
    assert.equal(doc.migrations, 2);
    const f = doc.findings.find((x) => x.code === 'PG104');
    assert.ok(f, JSON.stringify(doc));
    assert.deepEqual(Object.keys(f).sort(), ['aliases', 'code', 'column', 'file', 'hint', 'line', 'message', 'migration', 'rule', 'severity'].sort());
    assert.equal(f.rule, 'adding-required-field');
    assert.deepEqual(f.aliases, ['adding-required-field']);
    assert.equal(f.migration, '0002_b');
    assert.equal(f.line, 2);
    assert.equal(f.column, 1);
    assert.match(f.file, /0002_b\.sql$/);
    assert.equal(f.severity, 'error');
    assert.equal(code, 3);
  });

  it('a table created earlier in the run is new: an index on it is no hazard', async () => {
    const dir = project({ '0001_a.sql': 'create table orders (x int);\n', '0002_b.sql': INDEX_ON_EXISTING });
    const { doc } = await lintJson(dir);
    assert.deepEqual(doc.findings.filter((f) => f.code === 'PG130'), []);
    const alone = project({ '0002_b.sql': INDEX_ON_EXISTING });
    assert.equal((await lintJson(alone)).doc.findings.filter((f) => f.code === 'PG130').length, 1);
  });

  it('the transaction mode is known: CONCURRENTLY in a transactional migration is an error, in a `-- transaction: false` one it is not', async () => {
    const concurrent = 'create index concurrently orders_x on orders (x);\n';
    const tx = await lintJson(project({ '0001_a.sql': concurrent }));
    assert.deepEqual(tx.doc.findings.map((f) => f.code).filter((c) => c === 'PG108'), ['PG108']);
    assert.equal(tx.code, 3);
    const autocommit = await lintJson(project({ '0001_a.sql': `-- transaction: false\n${concurrent}` }));
    assert.deepEqual(autocommit.doc.findings.filter((f) => f.code === 'PG108' || f.code === 'PG130'), []);
  });

  it('positions are in characters of the file, after multi-byte text and in later sections', async () => {
    const dir = project({ '0001_a.sql': "select 'héllo ✓ 😀';\n  -- note\n    create index orders_x on orders (x);\n" });
    const f = (await lintJson(dir)).doc.findings.find((x) => x.code === 'PG130')!;
    assert.equal(f.line, 3);
    assert.equal(f.column, 5);
  });

  it('a statement that does not parse is PG100 at its position; the other migrations are still linted', async () => {
    const dir = project({ '0001_a.sql': 'select 1;\ncreate tabel t (id int);\n', '0002_b.sql': INDEX_ON_EXISTING });
    const { code, doc } = await lintJson(dir);
    const p = doc.findings.find((f) => f.code === 'PG100')!;
    assert.equal(p.migration, '0001_a');
    assert.equal(p.line, 2);
    assert.ok(doc.findings.some((f) => f.code === 'PG130' && f.migration === '0002_b'));
    assert.equal(code, 3);
  });

  it('ignore comments: per statement with a reason, without one (SH101), and per file', async () => {
    const dir = project({
      '0001_a.sql': `-- shale:lint-ignore PG130 orders is tiny\n${INDEX_ON_EXISTING}-- shale:lint-ignore require-concurrent-index-creation\ncreate index orders_y on orders (y);\ncreate index orders_z on orders (z);\n`,
      '0002_b.sql': `-- shale:lint-ignore-file PG130 built off-hours\n${INDEX_ON_EXISTING}create index orders_w on orders (w);\n`,
    });
    const { doc } = await lintJson(dir);
    assert.equal(doc.ignored, 4);
    assert.deepEqual(
      doc.findings.filter((f) => f.code === 'PG130' || f.code === 'SH101').map((f) => [f.migration, f.code, f.line]),
      [
        ['0001_a', 'SH101', 4],
        ['0001_a', 'PG130', 5],
      ],
    );
  });

  it('config lint.rules turns a rule off or changes its severity; an unknown rule is a config error', async () => {
    const files = { '0001_a.sql': INDEX_ON_EXISTING };
    const off = await lintJson(project(files, { lint: { rules: { PG130: 'off' } } }));
    assert.equal(off.doc.findings.filter((f) => f.code === 'PG130').length, 0);
    const raised = await lintJson(project(files, { lint: { rules: { 'require-concurrent-index-creation': 'error' } } }));
    assert.equal(raised.doc.findings.find((f) => f.code === 'PG130')?.severity, 'error');
    assert.equal(raised.code, 3);
    const bad = await shale(['lint'], { cwd: project(files, { lint: { rules: { PG999: 'off' } } }) });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^shale: error: lint\.rules: no rule "PG999"/);
  });

  it('a baseline hides the findings it accepts until their statement changes', async () => {
    const dir = project({ '0001_a.sql': `select 1;\n${INDEX_ON_EXISTING}` });
    const baseline = join(dir, 'lint-baseline.json');
    const w = await shale(['lint', '--write-baseline', baseline], { cwd: dir });
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /^wrote \d+ findings? to /);
    const accepted = await lintJson(dir, ['--baseline', baseline]);
    assert.deepEqual(accepted.doc.findings, []);
    assert.ok(accepted.doc.baselined >= 1);
    // Moved down a line: still accepted. Changed: reported again.
    writeFileSync(join(dir, 'migrations', '0001_a.sql'), `select 1;\n\n${INDEX_ON_EXISTING}`);
    assert.deepEqual((await lintJson(dir, ['--baseline', baseline])).doc.findings, []);
    writeFileSync(join(dir, 'migrations', '0001_a.sql'), 'select 1;\ncreate index orders_x on orders (x, y);\n');
    assert.ok((await lintJson(dir, ['--baseline', baseline])).doc.findings.some((f) => f.code === 'PG130'));
    const missing = await shale(['lint', '--baseline', join(dir, 'nope.json')], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^shale: error: baseline file not found: /);
    writeFileSync(join(dir, 'bad.json'), '{"version":2}');
    const bad = await shale(['lint', '--baseline', join(dir, 'bad.json')], { cwd: dir });
    assert.match(bad.stderr, /not a shale lint baseline/);
  });

  it('--format github prints annotations on the file lines; --format sarif a SARIF 2.1.0 log', async () => {
    const dir = project({ '0001_a.sql': `select 1;\n${INDEX_ON_EXISTING}` });
    const gh = await shale(['lint', '--format', 'github'], { cwd: dir });
    assert.match(gh.stdout, /^::(warning|error|notice) file=migrations\/0001_a\.sql,line=2,col=1,title=PG130 require-concurrent-index-creation::/m);
    const sarif = await shale(['lint', '--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    assert.equal(log.version, '2.1.0');
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'PG130')!;
    assert.equal(result.locations[0]!.physicalLocation.region.startLine, 2);
    assert.ok(log.runs[0]!.tool.driver.rules.some((r) => r.id === 'PG130'));
  });

  it('bad input: unknown format, --json with another format, unknown dialect, --trace on a dialect it cannot measure', async () => {
    const dir = project({ '0001_a.sql': 'select 1;\n' });
    for (const [args, message] of [
      [['--format', 'xml'], /--format takes text, json, github, sarif/],
      [['--json', '--format', 'github'], /--json and --format github/],
      [['--dialect', 'oracle'], /--dialect takes postgres, mysql, sqlite, pglite/],
      [['--dialect', 'sqlite', '--trace'], /--trace measures PostgreSQL migrations only/],
    ] as const) {
      const r = await shale(['lint', ...args], { cwd: dir });
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
    }
  });
});

describe('shale lint --db (PostgreSQL)', async () => {
  const skip = await skipUnlessPg();
  let db: TempPgDatabase;
  before(async () => {
    if (skip) return;
    db = await createPgDatabase('shale_lint');
    await pgQuery(db.url, 'create table small (x int); insert into small select g from generate_series(1, 300) g; create table big (x int); insert into big select g from generate_series(1, 50000) g; analyze small; analyze big;');
  });
  after(async () => {
    if (!skip) await db.drop();
  });

  it('lints only the pending migrations (all with --all), and sizes the hazard by the real table', { skip }, async () => {
    const dir = project({ '0001_a.sql': 'create index small_x on small (x);\n' });
    assert.equal((await shale(['--db', db.url, 'up'], { cwd: dir })).code, 0);
    writeFileSync(join(dir, 'migrations', '0002_b.sql'), 'create index big_x on big (x);\n');
    const pending = await lintJson(dir, ['--db', db.url]);
    assert.deepEqual([...new Set(pending.doc.findings.map((f) => f.migration))], ['0002_b']);
    const big = pending.doc.findings.find((f) => f.code === 'PG130')!;
    assert.equal(big.severity, 'error');
    assert.match(big.message, /big: ~50,000 rows/);
    assert.equal(pending.code, 3);
    const all = await lintJson(dir, ['--db', db.url, '--all']);
    const small = all.doc.findings.find((f) => f.migration === '0001_a' && f.code === 'PG130')!;
    assert.equal(small.severity, 'info');
    assert.match(small.message, /small: ~300 rows/);
    assert.ok(readFileSync(join(dir, 'migrations', '0002_b.sql'), 'utf8'));
  });

  it('the server version replaces --pg-version: a default added to a populated table is no rewrite on 15', { skip }, async () => {
    const dir = project({ '0001_v.sql': 'alter table big add column y int default 10;\n' });
    const on15 = await lintJson(dir, ['--db', db.url, '--pg-version', '10']);
    assert.deepEqual(on15.doc.findings.filter((f) => f.code === 'PG101'), []);
    const on10 = await lintJson(dir, ['--pg-version', '10']);
    assert.equal(on10.doc.findings.filter((f) => f.code === 'PG101').length, 1);
  });

  it('a protected environment refuses error-level findings of its pending migrations unless --allow-hazard names them', { skip }, async () => {
    const prod = await createPgDatabase('shale_protected');
    try {
      await pgQuery(prod.url, 'create table big (x int); insert into big select g from generate_series(1, 50000) g; analyze big;');
      const dir = project({ '0001_p.sql': 'alter table big alter column x type bigint;\n' }, { environments: { prod: { db: prod.url, protected: true } } });
      const refused = await shale(['--env', 'prod', 'up'], { cwd: dir });
      assert.equal(refused.code, 3, refused.stderr);
      assert.match(refused.stderr, /^shale: error: environment "prod" is protected: PG117 changing-column-type in 0001_p \(.*0001_p\.sql:1:1\): .*--allow-hazard PG117$/m);
      const status = await shale(['--env', 'prod', 'status', '--json'], { cwd: dir });
      assert.equal((JSON.parse(status.stdout) as { counts: { pending: number } }).counts.pending, 1);
      const allowed = await shale(['--env', 'prod', 'up', '--allow-hazard', 'PG117'], { cwd: dir });
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.match(allowed.stderr, /allowed hazard PG117 changing-column-type in 0001_p/);
      // The audit log keeps who let it through: an allow-hazard row after the apply.
      const history = await shale(['--env', 'prod', 'history', '--json'], { cwd: dir });
      const ops = (JSON.parse(history.stdout) as { entries: { id: string; operation: string; error: string | null }[] }).entries;
      assert.deepEqual(ops.map((e) => [e.id, e.operation]), [['0001_p', 'apply'], ['0001_p', 'allow-hazard']]);
      assert.match(ops[1]!.error!, /^PG117 changing-column-type at .*0001_p\.sql:1:1: /);
    } finally {
      await prod.drop();
    }
  });

  it('fleet up in a protected environment lints every target first: one with a big table refuses the whole fleet', { skip }, async () => {
    const big = await createPgDatabase('shale_protected');
    const small = await createPgDatabase('shale_protected');
    try {
      await pgQuery(big.url, 'create table big (x int); insert into big select g from generate_series(1, 50000) g; analyze big;');
      await pgQuery(small.url, 'create table big (x int); insert into big values (1); analyze big;');
      const dir = project({ '0001_p.sql': 'alter table big alter column x type bigint;\n' }, { environments: { prod: { db: [small.url, big.url], protected: true } } });
      const refused = await shale(['--env', 'prod', 'fleet', 'up'], { cwd: dir });
      assert.equal(refused.code, 3, refused.stderr);
      assert.match(refused.stderr, /environment "prod" is protected: PG117 changing-column-type in 0001_p on .*shale_protected.*--allow-hazard PG117/);
      for (const db of [small, big]) {
        const type = await pgQuery(db.url, `select data_type from information_schema.columns where table_name = 'big' and column_name = 'x'`);
        assert.equal(type[0]!['data_type'], 'integer'); // nothing ran on any target
      }
      const allowed = await shale(['--env', 'prod', 'fleet', 'up', '--allow-hazard', 'PG117'], { cwd: dir });
      assert.equal(allowed.code, 0, allowed.stderr);
      const history = await shale(['--db', big.url, 'history', '--json'], { cwd: dir });
      const ops = (JSON.parse(history.stdout) as { entries: { operation: string }[] }).entries.map((e) => e.operation);
      assert.deepEqual(ops, ['apply', 'allow-hazard']);
    } finally {
      await big.drop();
      await small.drop();
    }
  });

  it('--trace runs the pending migrations on a PGlite dev database built from the applied ones and measures locks and rewrites', { skip }, async () => {
    const traced = await createPgDatabase('shale_trace');
    try {
      const dir = project({ '0001_a.sql': 'create table orders (id int, x int);\n' });
      assert.equal((await shale(['--db', traced.url, 'up'], { cwd: dir })).code, 0);
      writeFileSync(join(dir, 'migrations', '0002_b.sql'), 'alter table orders alter column x type bigint;\ncomment on table orders is \'o\';\n');
      writeFileSync(join(dir, 'migrations', '0003_c.sql'), '-- transaction: false\ncreate index concurrently orders_x on orders (x);\n');
      type Traced = { migration: string; line: number; trace: { locks: { relation: string; mode: string }[]; rewrites: string[]; created: string[] } | null; note?: string; findings: string[]; unpredicted: boolean };
      const run = async (config?: unknown) => {
        if (config !== undefined) writeFileSync(join(dir, 'shale.config.json'), JSON.stringify(config));
        const r = await shale(['lint', '--json', '--trace', '--db', traced.url], { cwd: dir });
        return (JSON.parse(r.stdout) as { statements: Traced[] }).statements;
      };
      const statements = await run();
      assert.deepEqual(statements.map((t) => [t.migration, t.line]), [['0002_b', 1], ['0002_b', 2], ['0003_c', 2]]);
      const retype = statements[0]!;
      assert.ok(retype.trace!.locks.some((l) => l.relation === 'public.orders' && l.mode === 'ACCESS EXCLUSIVE'), JSON.stringify(retype.trace));
      assert.deepEqual(retype.trace!.rewrites, ['public.orders']);
      assert.ok(retype.findings.includes('PG117'), JSON.stringify(retype));
      assert.equal(retype.unpredicted, false);
      assert.deepEqual(statements[1]!.trace!.rewrites, []);
      assert.equal(statements[2]!.trace, null);
      assert.match(statements[2]!.note!, /outside any transaction/);
      // A hazard with no static finding on it is reported as one the rules missed.
      const missed = await run({ lint: { rules: { PG117: 'off', PG135: 'off', PG136: 'off' } } });
      assert.equal(missed[0]!.unpredicted, true);
      // Nothing of the dev database reached the target.
      const cols = await pgQuery(traced.url, "select data_type from information_schema.columns where table_name = 'orders' and column_name = 'x'");
      assert.deepEqual(cols, [{ data_type: 'integer' }]);
    } finally {
      await traced.drop();
    }
  });

  it('up --dry-run shows the lint findings of the pending migrations after their SQL (and as hazards in --json)', { skip }, async () => {
    const dry = await createPgDatabase('shale_dry');
    try {
      const dir = project({ '0001_a.sql': 'create table dry (x int);\n' });
      assert.equal((await shale(['--db', dry.url, 'up'], { cwd: dir })).code, 0);
      writeFileSync(join(dir, 'migrations', '0002_b.sql'), 'create index dry_x on dry (x);\n');
      const text = await shale(['--db', dry.url, 'up', '--dry-run'], { cwd: dir });
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /create index dry_x on dry \(x\);[\s\S]*-- hazard PG130 require-concurrent-index-creation \(warning\) at [^\n]*0002_b\.sql:1:1: /);
      const json = await shale(['--db', dry.url, 'up', '--dry-run', '--json'], { cwd: dir });
      const doc = JSON.parse(json.stdout) as { hazards: { code: string; migration: string }[] };
      assert.ok(doc.hazards.some((h) => h.code === 'PG130' && h.migration === '0002_b'), json.stdout);
      // Nothing ran.
      assert.deepEqual(await pgQuery(dry.url, "select indexname from pg_indexes where indexname = 'dry_x'"), []);
    } finally {
      await dry.drop();
    }
  });

  it('--trace keeps a BEGIN … COMMIT block of an autocommit migration in one transaction (its locks add up)', { skip }, async () => {
    const traced = await createPgDatabase('shale_trace_block');
    try {
      const dir = project({ '0001_a.sql': 'create table a (x int);\ncreate table b (x int);\n' });
      assert.equal((await shale(['--db', traced.url, 'up'], { cwd: dir })).code, 0);
      writeFileSync(join(dir, 'migrations', '0002_b.sql'), '-- transaction: false\nBEGIN;\nlock table a in share mode;\nlock table a in share mode;\nlock table b in share mode;\nCOMMIT;\nlock table a in share mode;\nbegin;\nlock table b in share mode;\nrollback;\n');
      type Traced = { line: number; trace: { locks: { relation: string; mode: string }[] } | null };
      const r = await shale(['lint', '--json', '--trace', '--db', traced.url], { cwd: dir });
      const statements = (JSON.parse(r.stdout) as { statements: Traced[] }).statements;
      const locks = (t: Traced) => t.trace!.locks.filter((l) => l.mode === 'SHARE').map((l) => l.relation);
      assert.deepEqual(statements.map((t) => t.line), [3, 4, 5, 7, 9]);
      // In the block the second lock on a is already held; outside it each statement starts afresh.
      assert.deepEqual(statements.map(locks), [['public.a'], [], ['public.b'], ['public.a'], ['public.b']]);
    } finally {
      await traced.drop();
    }
  });
});
