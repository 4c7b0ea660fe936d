// The MySQL/MariaDB convergence check: load a.sql into A and b.sql into B (fresh databases), diff,
// apply the plan to A statement by statement (DDL commits implicitly), re-inspect: A must equal B
// (normaliseSchema) and a second diff must be empty.
import type { Queryable } from '../../../src/adapters/adapter.js';
import { connectMysql, type MysqlConnection } from '../../../src/adapters/mysql/connect.js';
import { splitMysql } from '../../../src/adapters/mysql/splitter.js';
import { diffModels, inspect, normaliseSchema, type PlannedStatement, type Schema } from '../../../src/schema/mysql/index.js';
import { createMysqlDatabase, type TempMysqlDatabase } from '../../helpers/mysql.js';

export interface MysqlConvergence {
  readonly statements: readonly PlannedStatement[];
  readonly destructive: boolean;
  readonly remaining: readonly PlannedStatement[];
  readonly differences: readonly string[];
  readonly from: Schema;
  readonly to: Schema;
}

export async function runScript(db: Queryable, script: string): Promise<void> {
  for (const s of splitMysql(script)) await db.query(s.sql);
}

/** Two fresh databases with a connection each; dropped after `fn`. */
export async function withMysqlPair<T>(fn: (p: { A: TempMysqlDatabase; B: TempMysqlDatabase; a: MysqlConnection; b: MysqlConnection }) => Promise<T>): Promise<T> {
  const A = await createMysqlDatabase('shale_my');
  const B = await createMysqlDatabase('shale_my');
  let a: MysqlConnection | null = null;
  let b: MysqlConnection | null = null;
  try {
    a = await connectMysql(A.url, A.url, undefined);
    b = await connectMysql(B.url, B.url, undefined);
    return await fn({ A, B, a, b });
  } finally {
    await a?.end();
    await b?.end();
    await A.drop();
    await B.drop();
  }
}

function sections(a: Schema, b: Schema): string[] {
  const na = JSON.parse(normaliseSchema(a)) as Record<string, unknown>;
  const nb = JSON.parse(normaliseSchema(b)) as Record<string, unknown>;
  return Object.keys(nb).filter((k) => JSON.stringify(na[k]) !== JSON.stringify(nb[k])).map((k) => `${k}:\n  A=${JSON.stringify(na[k])}\n  B=${JSON.stringify(nb[k])}`);
}

export async function checkMysqlConvergence(a: Queryable, b: Queryable, scripts: { a: string; b: string }): Promise<MysqlConvergence> {
  await runScript(a, scripts.a);
  await runScript(b, scripts.b);
  const from = await inspect(a);
  const to = await inspect(b);
  const first = diffModels(from, to);
  for (const s of first.statements) {
    try {
      await a.query(s.sql);
    } catch (e) {
      throw new Error(`applying the diff failed at:\n${s.sql}\n${(e as Error).message}\nplan:\n${first.statements.map((x) => x.sql).join('\n')}`, { cause: e });
    }
  }
  const a2 = await inspect(a);
  const b2 = await inspect(b);
  return { statements: first.statements, destructive: first.destructive, remaining: diffModels(a2, b2).statements, differences: sections(a2, b2), from, to };
}
