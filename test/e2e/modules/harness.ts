// Temp projects with TS step migrations, run through the library against SQLite or PostgreSQL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createPgDatabase } from '../../helpers/databases.js';

/** Import line for test modules: the package's source by absolute path (the name 'shale' does not resolve in a temp folder). */
export const IMPORT_SHALE = `import { step, group } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '../../../src/index.ts')).href)};\n`;

export type Kind = 'sqlite' | 'postgres';

export interface TestDb {
  readonly url: string;
  /** Rows of a query, run on a separate connection. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  tableExists(name: string): Promise<boolean>;
  drop(): Promise<void>;
}

export async function testDb(kind: Kind, dir: string): Promise<TestDb> {
  if (kind === 'sqlite') {
    const file = join(dir, 'test.db');
    const rows = async (sql: string) => {
      const db = new Database(file);
      try {
        return db.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        db.close();
      }
    };
    return {
      url: `sqlite:${file}`,
      rows,
      async tableExists(name) {
        return (await rows(`select name from sqlite_master where type = 'table' and name = '${name}'`)).length === 1;
      },
      async drop() {},
    };
  }
  const tmp = await createPgDatabase('shale_steps');
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: tmp.url });
    await c.connect();
    try {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };
  return {
    url: tmp.url,
    rows: run,
    async tableExists(name) {
      return (await run(`select to_regclass('public.${name}') as t`))[0]!['t'] !== null;
    },
    drop: () => tmp.drop(),
  };
}

const dirs: string[] = [];

/** A temp folder holding `files` (name → text). */
export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shale-steps-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export function cleanupProjects(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Calls recorded by test modules through `globalThis.__stepCalls`. */
export function calls(): string[] {
  const g = globalThis as { __stepCalls?: string[] };
  return (g.__stepCalls ??= []);
}

export const RECORD = `const record = (what: string) => async () => { ((globalThis as any).__stepCalls ??= []).push(what); };\n`;
