import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createPgDatabase } from '../../test/helpers/databases.js';
import { checkConvergence } from '../../test/schema/convergence.js';
const name = process.argv[2]!;
const dir = process.argv[3] ?? '/work/shared/conformance/migra/FIXTURES';
const rd = (f: string) => { try { return readFileSync(`${dir}/${name}/${f}`, 'utf8'); } catch { return ''; } };
const A = await createPgDatabase('shale_try'); const B = await createPgDatabase('shale_try');
const a = new pg.Client({ connectionString: A.url }); const b = new pg.Client({ connectionString: B.url });
await a.connect(); await b.connect();
try {
  await a.query(`do $$ begin create role schemainspect_test_role; exception when duplicate_object then null; end $$`);
  const r = await checkConvergence({ a, b }, { a: rd('a.sql'), b: rd('b.sql'), additions: rd('additions.sql'), opts: JSON.parse(process.argv[4] ?? '{"withPrivileges":true,"ignoreExtensionVersions":true}') });
  console.log(r.statements.map((s) => `${s.sql}   -- ${s.kind}${s.destructive ? ' DESTRUCTIVE' : ''}`).join('\n'));
  console.log('--- remaining:', r.remaining.map((s) => s.sql).join('\n'));
  console.log('--- differences:', r.differences.join('\n'));
} finally { await a.end(); await b.end(); await A.drop(); await B.drop(); }
