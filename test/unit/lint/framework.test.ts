// The generic half of the linter over the PostgreSQL rules: ignore comments (CRLF too), SH101, rule
// settings, baseline fingerprints, empty scripts, syntax error positions, what the run remembers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintMigrations, type LintOptions } from '../../../src/lint/lint.js';
import type { LintTarget } from '../../../src/lint/dialect.js';
import { postgresLint } from '../../../src/lint/postgres/index.js';

const one = (sql: string) => [{ id: 'm1', scripts: [{ sql, location: 'm1.sql', line: 1, transaction: true }] }];
const run = (sql: string, opts: LintOptions = {}, target: LintTarget = {}) => lintMigrations(postgresLint, one(sql), target, opts);
const codes = async (sql: string, opts: LintOptions = {}) => (await run(sql, opts)).findings.map((f) => `${f.code}@${f.line}`);
const RULES_OFF: LintOptions['rules'] = { PG135: 'off', PG136: 'off' };

test('ignore comments work in a CRLF file, per statement and per file, and take codes with spaces after commas', async () => {
  assert.deepEqual(await codes('-- shale:lint-ignore PG130 tiny\r\ncreate index i on t (id);\r\n', { rules: RULES_OFF }), []);
  assert.deepEqual(await codes('-- shale:lint-ignore-file PG130 tiny\r\nselect 1;\r\ncreate index i on t (id);\r\n', { rules: RULES_OFF }), []);
  assert.deepEqual(await codes('-- shale:lint-ignore PG130, PG135 , PG136 built at night\ncreate index i on t (id);\n'), []);
  // The comment must come before the statement it is about.
  assert.deepEqual(await codes('create index i on t (id); -- shale:lint-ignore PG130 too late\n', { rules: RULES_OFF }), ['PG130@1']);
});

test('SH101 has its own severity, follows lint.rules, and the ignore still applies', async () => {
  const sql = '-- shale:lint-ignore PG110\nalter table t drop column c;\n';
  const r = await run(sql, { rules: RULES_OFF });
  assert.deepEqual(r.findings.map((f) => [f.code, f.severity, f.line]), [['SH101', 'warning', 2]]);
  assert.equal(r.ignored, 1);
  assert.deepEqual((await run(sql, { rules: { ...RULES_OFF, SH101: 'off' } })).findings, []);
});

test('an unknown rule in lint.rules is E_CONFIG; an opt-in rule runs only when given a severity', async () => {
  await assert.rejects(run('select 1', { rules: { PG999: 'off' } }), /lint\.rules: no rule "PG999"/);
  const sql = 'create table t (id bigint);';
  assert.ok(!(await codes(sql)).some((c) => c.startsWith('PG137')));
  assert.ok((await codes(sql, { rules: { 'require-table-schema': 'warning' } })).some((c) => c.startsWith('PG137')));
});

test('rules whose findings are all dropped are left out of the run, unless an ignore comment could name them', async () => {
  const asked: (ReadonlySet<string> | undefined)[] = [];
  const spy = { ...postgresLint, lint: (...args: Parameters<typeof postgresLint.lint>) => (asked.push(args[2]?.skip), postgresLint.lint(...args)) };
  await lintMigrations(spy, one('create table t (id bigint);'), {}, { rules: { PG130: 'off' } });
  assert.deepEqual([...asked[0]!].sort(), ['PG130', 'PG137']);
  await lintMigrations(spy, one('-- shale:lint-ignore PG137\ncreate table t (id bigint);'), {}, { rules: { PG130: 'off' } });
  assert.deepEqual([...asked[1]!], []);
  // An ignore without a reason of an opt-in rule's finding is still SH101, as before.
  const r = await lintMigrations(postgresLint, one('-- shale:lint-ignore PG137\ncreate table t (id bigint);'), {}, { rules: { PG130: 'off' } });
  assert.deepEqual([r.findings.map((f) => f.code), r.ignored], [['SH101'], 1]);
});

test('a baseline keeps accepting a finding when its table grows or it moves, not when the statement changes', async () => {
  const sized = (rows: number): LintTarget => ({ tableSize: () => ({ rows, bytes: rows * 100 }) });
  const first = await run('create index i on orders (id);', { rules: RULES_OFF }, sized(500));
  assert.equal(first.findings.length, 1);
  const baseline = first.baselineOf;
  assert.equal((await run('create index i on orders (id);', { rules: RULES_OFF, baseline }, sized(50_000))).baselined, 1);
  assert.equal((await run('select 1;\n\n  create   index i on orders (id);', { rules: RULES_OFF, baseline })).baselined, 1);
  assert.equal((await run('create index i on orders (id, x);', { rules: RULES_OFF, baseline })).findings.length, 1);
});

test('an empty or comments-only script has nothing to lint; a syntax error is placed in characters', async () => {
  assert.deepEqual(await codes(''), []);
  assert.deepEqual(await codes('-- nothing\n/* here */\n'), []);
  const [f] = (await run("select 1;\nselect 'é€😀' frm x y z;")).findings;
  assert.equal(f!.code, 'PG100');
  assert.equal(f!.line, 2);
  // 'frm' is fine as an alias; the error is at `x`, the 19th character of the line.
  assert.equal(f!.column, "select 'é€😀' frm x".length);
});

test('the run remembers what it created: a DROP TYPE of the same name does not forget a new table', async () => {
  const sql = 'create table t (id bigint);\ndrop type if exists t;\ncreate index i on t (id);';
  assert.ok(!(await codes(sql)).some((c) => c.startsWith('PG130')));
  const dropped = 'create table t (id bigint);\ndrop table t;\ncreate index i on t (id);';
  assert.ok((await codes(dropped)).some((c) => c.startsWith('PG130')));
});
