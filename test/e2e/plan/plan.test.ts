// `shale plan` end to end on PostgreSQL: the Markdown report, the JSON document, and the HTML page
// rendered in a real headless Chromium (Debian's package): it renders every section, its script
// runs, and the browser logs no console message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';
import { IN_CI, createPgDatabase, skipUnlessPg, type TempPgDatabase } from '../../helpers/databases.js';

const CHROMIUM = process.env['SHALE_TEST_CHROMIUM'] ?? '/usr/bin/chromium';

function chromiumSkip(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (IN_CI) throw new Error(`Chromium not found at ${CHROMIUM} (CI=true: tests must not skip; apt-get install -y chromium)`);
  return `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set SHALE_TEST_CHROMIUM)`;
}

/** Chromium's headless run of a page: the DOM after its scripts, and the console lines it logged. */
function render(file: string, extra: string[] = []): { dom: string; console: string[] } {
  const r = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', ...extra, '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return { dom: r.stdout, console: r.stderr.split('\n').filter((l) => l.includes(':CONSOLE')) };
}

describe('shale plan (PostgreSQL)', async () => {
  const skip = await skipUnlessPg();
  let db: TempPgDatabase;
  let dir: string;
  before(async () => {
    if (skip) return;
    db = await createPgDatabase('shale_plan');
    dir = tempDir('shale-plan-');
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '0001_base.sql'), 'create table users (id int, email text);\n');
    assert.equal((await shale(['--db', db.url, 'up'], { cwd: dir })).code, 0);
    writeFileSync(join(dir, 'migrations', '0002_index.sql'), 'create index users_email on users (email);\n');
    writeFileSync(join(dir, 'migrations', '0002_index.rollback.sql'), 'drop index users_email;\n');
    writeFileSync(join(dir, 'migrations', '0003_pk.sql'), '-- depends: 0001_base\nalter table users add primary key (id);\n');
  });
  after(async () => {
    if (!skip) await db.drop();
  });

  it('Markdown: the pending migrations, their findings, the schema change with hazards, verify', { skip }, async () => {
    const r = await shale(['--db', db.url, 'plan'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    for (const part of ['### Pending migrations', '<code>0002_index</code>', '### Lint findings', 'PG130', '### Schema change', '-- hazard PG105', '### Verify']) assert.ok(r.stdout.includes(part), `${part} missing:\n${r.stdout}`);
    assert.ok(!r.stdout.includes('<code>0001_base</code>'), 'an applied migration is not listed as pending');
    assert.match(r.stdout, /\| 0002_index \| ok \|/);
    assert.match(r.stdout, /\| 0003_pk \| no-rollback \|/);
  });

  it('--json: one document with the migrations, findings, schema statements and verify results', { skip }, async () => {
    const r = await shale(['--db', db.url, 'plan', '--json', '--no-verify'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { migrations: { id: string; state: string }[]; findings: { code: string }[]; schema: { statements: { sql: string; hazards: unknown[] }[] }; verify: unknown };
    assert.deepEqual(doc.migrations.map((m) => [m.id, m.state]), [['0001_base', 'applied'], ['0002_index', 'pending'], ['0003_pk', 'pending']]);
    assert.ok(doc.findings.some((f) => f.code === 'PG105'));
    assert.ok(doc.schema.statements.some((s) => /primary key/i.test(s.sql) && s.hazards.length > 0), JSON.stringify(doc.schema));
    assert.equal(doc.verify, null);
  });

  it('HTML: one self-contained page that Chromium renders with every section and no console message', { skip: skip || chromiumSkip() }, async () => {
    const file = join(dir, 'plan.html');
    const r = await shale(['--db', db.url, 'plan', '--format', 'html', '--out', file], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const page = readFileSync(file, 'utf8');
    assert.ok(!/(src|href)="(https?:)?\/\//.test(page), 'the page loads nothing from the network');
    const { dom, console } = render(file);
    assert.match(dom, /<body data-ready="true">/, 'its script ran');
    for (const id of ['graph', 'pending', 'findings', 'schema', 'verify']) assert.match(dom, new RegExp(`<section id="${id}">`), id);
    assert.match(dom, /<svg[^>]*aria-label="migration graph"/);
    assert.match(dom, /<tr data-severity="error">/);
    assert.deepEqual(console, []);
    const png = join(dir, 'plan.png');
    render(file, [`--screenshot=${png}`, '--window-size=1100,1400', '--hide-scrollbars']);
    assert.ok(statSync(png).size > 10_000, 'the screenshot shows a page');
    if (process.env['SHALE_UPDATE_DOCS'] === '1') writeFileSync(join(import.meta.dirname, '../../../docs/plan-report.png'), readFileSync(png));
  });

  it('bad input: no target database, an unknown format', { skip }, async () => {
    for (const [args, message] of [
      [['plan'], /plan needs the target database/],
      [['--db', db.url, 'plan', '--format', 'pdf'], /--format takes markdown, html, json/],
    ] as const) {
      const r = await shale([...args], { cwd: dir });
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
    }
  });
});
