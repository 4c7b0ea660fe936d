// The SQLite convergence check: load a.sql into A (foreign keys ON, so a rebuild that ran with them
// on would cascade or fail) and b.sql into B, diff, run the plan as shale runs it (its statements
// outside the transaction first, then the plan in one transaction), then A must inspect equal to
// B, a second diff must be empty, every table both have keeps its rows, and foreign_key_check is clean.
import type { Adapter } from '../../../src/adapters/adapter.js';
import { openAdapter } from '../../../src/adapters/open.js';
import { runPlan } from '../../../src/declarative/run-plan.js';
import { diffModels, inspect, sameSchema, type PlannedStatement, type SqliteSchema } from '../../../src/schema/sqlite/index.js';

export interface SqliteConvergence {
  readonly statements: readonly PlannedStatement[];
  readonly destructive: boolean;
  readonly outsideTransaction: boolean;
  /** Statements a second diff still finds: must be empty. */
  readonly remaining: readonly PlannedStatement[];
  readonly same: boolean;
  /** Row counts of the tables both sides have, before and after (must be equal). */
  readonly rows: { readonly before: Record<string, number>; readonly after: Record<string, number> };
  readonly foreignKeyViolations: number;
}

export async function loadScript(db: Adapter, sql: string): Promise<void> {
  if (sql.trim() === '') return;
  for (const s of await db.split(sql)) await db.execute(s.sql);
}

async function rowCounts(db: Adapter, model: SqliteSchema, names: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of model.tables) {
    if (!names.includes(t.name.toLowerCase())) continue;
    const r = await db.query<{ n: number }>(`select count(*) as n from "${t.name.replace(/"/g, '""')}"`);
    out[t.name.toLowerCase()] = r.rows[0]!.n;
  }
  return out;
}

export async function withSqlitePair<T>(fn: (a: Adapter, b: Adapter) => Promise<T>): Promise<T> {
  const a = await openAdapter('sqlite::memory:?foreign_keys=on');
  const b = await openAdapter('sqlite::memory:');
  try {
    return await fn(a, b);
  } finally {
    await a.close();
    await b.close();
  }
}

export async function checkSqliteConvergence(from: string, to: string): Promise<SqliteConvergence> {
  return withSqlitePair(async (a, b) => {
    await loadScript(a, from);
    await loadScript(b, to);
    const ma = await inspect(a);
    const mb = await inspect(b);
    const first = diffModels(ma, mb);
    const both = ma.tables.map((t) => t.name.toLowerCase()).filter((n) => mb.tables.some((t) => t.name.toLowerCase() === n));
    const before = await rowCounts(a, ma, both);
    try {
      await runPlan(a, first.statements.map((s) => s.sql), first.outsideTransaction);
    } catch (e) {
      throw new Error(`applying the plan failed: ${(e as Error).message}\n${first.statements.map((s) => s.sql).join('\n')}`, { cause: e });
    }
    const a2 = await inspect(a);
    const after = await rowCounts(a, a2, both);
    const violations = (await a.query('select count(*) as n from pragma_foreign_key_check')).rows[0] as { n: number };
    return {
      statements: first.statements,
      destructive: first.destructive,
      outsideTransaction: first.outsideTransaction !== undefined,
      remaining: diffModels(a2, mb).statements,
      same: sameSchema(a2, mb),
      rows: { before, after },
      foreignKeyViolations: violations.n,
    };
  });
}
