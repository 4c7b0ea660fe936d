// The README's rule table is the rule list: code, name, squawk aliases, severity and summary of every
// rule. SHALE_UPDATE_README=1 rewrites it between the lint-rules markers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IGNORE_WITHOUT_REASON } from '../../../src/lint/lint.js';
import { mysqlLint } from '../../../src/lint/mysql/index.js';
import { postgresLint } from '../../../src/lint/postgres/index.js';
import { sqliteLint } from '../../../src/lint/sqlite/index.js';
import { ROOT } from '../../helpers/cli.js';

const START = '<!-- lint-rules:start -->';
const END = '<!-- lint-rules:end -->';

const DIALECTS = [postgresLint, mysqlLint, sqliteLint];

function table(): string {
  const rows = [...DIALECTS.flatMap((d) => d.rules), IGNORE_WITHOUT_REASON].map(
    (r) => `| ${r.code} | \`${r.rule}\` | ${r.aliases.length ? r.aliases.map((a) => `\`${a}\``).join(', ') : '—'} | ${r.severity}${r.optIn ? ' (opt-in)' : ''} | ${r.summary.replace(/\|/g, '\\|')} |`,
  );
  return ['| code | rule | squawk | severity | what it catches |', '|---|---|---|---|---|', ...rows].join('\n');
}

test('the README lists every lint rule as the code has it', () => {
  const file = join(ROOT, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  assert.ok(start >= 0 && end > start, 'README has the lint-rules markers');
  const current = text.slice(start + START.length, end).trim();
  if (process.env['SHALE_UPDATE_README'] === '1') {
    writeFileSync(file, `${text.slice(0, start + START.length)}\n${table()}\n${text.slice(end)}`);
    return;
  }
  assert.equal(current, table(), 'run SHALE_UPDATE_README=1 on this test to rewrite the table');
});

test('codes are unique, names unique within a dialect, both well formed', () => {
  const all = [...DIALECTS.flatMap((d) => d.rules), IGNORE_WITHOUT_REASON];
  assert.equal(new Set(all.map((r) => r.code)).size, all.length);
  for (const d of DIALECTS) {
    const rules = [...d.rules, IGNORE_WITHOUT_REASON];
    assert.equal(new Set(rules.map((r) => r.rule)).size, rules.length);
  }
  for (const r of all) {
    assert.match(r.code, /^(PG|MY|SQ|SH)\d{3}$/);
    assert.match(r.rule, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    assert.ok(r.summary.length > 10 && !r.summary.includes('\n'), r.code);
  }
});
