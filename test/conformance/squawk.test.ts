// squawk's rule tests (../shared/conformance/squawk/cases/ALL.json: 319 cases from 37 rule modules,
// see its README) run through shale's PostgreSQL linter. For each case, each SQL text is one
// migration file; the rule's findings are those of the shale rules whose `aliases` name the case's
// squawk rule. `ok` expects none, `errors` and `fix` (the input of an autofix test is flagged) at
// least one per text. squawk's settings map to what shale knows as the runner:
// `assume_in_transaction: true` is a transactional migration (shale's default); squawk's default is
// a `-- transaction: false` one, and so is a file with squawk's `-- squawk-disable-assume-in-transaction`.
// `pg_version` is the target's server version.
// The 5 `other` cases test squawk's internal lock table and are not run. A case shale answers
// differently on purpose is listed in SQUAWK_DEVIATIONS with the reason; any other disagreement fails.
// The per-rule figure is printed at the end (SHALE_SQUAWK_REPORT=1 prints each disagreement too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresLint } from '../../src/lint/postgres/index.js';
import { SQUAWK_DEVIATIONS } from './squawk-deviations.js';

interface SquawkCase {
  readonly rule: readonly string[];
  readonly rule_module: string;
  readonly test: string;
  readonly expect: 'ok' | 'errors' | 'fix' | 'other';
  readonly sql: readonly string[];
  readonly settings_rust: readonly string[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = join(resolve(root, '../shared'), 'conformance/squawk/cases/ALL.json');

/** squawk's settings of a case, as shale's transaction mode and server version. */
export function settingsOf(c: SquawkCase): { transaction: boolean; serverVersion: number | undefined } {
  const text = c.settings_rust.join('\n');
  const version = /pg_version:\s*"(\d+)/.exec(text)?.[1];
  return { transaction: /assume_in_transaction:\s*true/.test(text), serverVersion: version ? Number(version) : undefined };
}

/** Codes of the shale rules with the same meaning as a squawk rule. */
function codesFor(squawkRule: string): Set<string> {
  return new Set(postgresLint.rules.filter((r) => r.aliases.includes(squawkRule)).map((r) => r.code));
}

async function flagged(c: SquawkCase, sql: string): Promise<boolean> {
  const settings = settingsOf(c);
  const { serverVersion } = settings;
  // squawk's per-file `-- squawk-disable-assume-in-transaction` is shale's `-- transaction: false`.
  const transaction = settings.transaction && !/^\s*--\s*squawk-disable-assume-in-transaction\b/m.test(sql);
  const codes = codesFor(c.rule[0]!);
  const findings = await postgresLint.lint([{ id: c.test, scripts: [{ sql, location: `${c.test}.sql`, line: 1, transaction }] }], { serverVersion });
  return findings.some((f) => codes.has(f.code));
}

test('squawk rule cases', { skip: !existsSync(corpus) && !process.env['CI'] ? 'no ../shared corpus' : false }, async () => {
  const cases = (JSON.parse(readFileSync(corpus, 'utf8')) as SquawkCase[]).filter((c) => c.expect !== 'other');
  const perRule = new Map<string, { agree: number; run: number }>();
  const wrong: string[] = [];
  for (const c of cases) {
    const rule = c.rule[0]!;
    const results = await Promise.all(c.sql.map((sql) => flagged(c, sql)));
    const agrees = c.expect === 'ok' ? results.every((r) => !r) : results.every((r) => r);
    const tally = perRule.get(rule) ?? { agree: 0, run: 0 };
    tally.run++;
    const id = `${c.rule_module}::${c.test}`;
    if (agrees) tally.agree++;
    else if (!SQUAWK_DEVIATIONS.has(id)) wrong.push(`${id} (expected ${c.expect}, shale ${results.map((r) => (r ? 'flags' : 'passes')).join('/')})`);
    perRule.set(rule, tally);
  }
  const total = [...perRule.values()].reduce((a, t) => ({ agree: a.agree + t.agree, run: a.run + t.run }), { agree: 0, run: 0 });
  const lines = [...perRule].sort(([a], [b]) => a.localeCompare(b)).map(([r, t]) => `  ${r}: ${t.agree}/${t.run}`);
  console.log(`squawk cases agreeing: ${total.agree}/${total.run}\n${lines.join('\n')}`);
  if (process.env['SHALE_SQUAWK_REPORT']) console.log(wrong.join('\n'));
  const stale = [...SQUAWK_DEVIATIONS.keys()].filter((id) => !cases.some((c) => `${c.rule_module}::${c.test}` === id));
  assert.deepEqual(stale, [], 'deviations that name no case');
  assert.deepEqual(wrong, [], `${wrong.length} squawk cases disagree`);
});
