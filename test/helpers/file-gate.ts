// A migration that stops where the test says and goes on when the test says: a TS/JS migration
// module that writes a file once it got there and then waits for the test's file. A kill, an unlock
// or a second process then lands while the migration runs, for certain, whatever the machine's load.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FileGate {
  /** The text of an `.mjs` migration: runs `statements` (in its transaction), says it got there, waits for `open()`. */
  migration(statements: readonly string[]): string;
  /** Resolves once the migration waits at the gate (at most a minute: a run that never gets there fails the test). */
  reached(): Promise<void>;
  /** Let the migration go on. */
  open(): void;
}

/** A gate whose files live in `dir` (the project folder). */
export function fileGate(dir: string): FileGate {
  const here = join(dir, 'gate-reached');
  const go = join(dir, 'gate-open');
  return {
    migration(statements) {
      return [
        "import { existsSync, writeFileSync } from 'node:fs';",
        'export async function up(ctx) {',
        ...statements.map((s) => `  await ctx.query(${JSON.stringify(s)});`),
        `  writeFileSync(${JSON.stringify(here)}, '');`,
        `  for (let i = 0; !existsSync(${JSON.stringify(go)}); i++) {`,
        "    if (i === 2400) throw new Error('the test never opened the gate');",
        '    await new Promise((r) => setTimeout(r, 25));',
        '  }',
        '}',
        '',
      ].join('\n');
    },
    async reached() {
      for (let i = 0; !existsSync(here); i++) {
        if (i === 2400) throw new Error('the migration never reached the gate');
        await sleep(25);
      }
    },
    open() {
      writeFileSync(go, '');
    },
  };
}
