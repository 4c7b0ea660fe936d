// Golden plans: the SQL a diff fixture produces is kept beside it (expected.sql, expected-reverse.sql),
// so a change to the planner shows up in review as a changed file, not only as a pass/fail.
// SHALE_UPDATE_GOLDEN=1 rewrites the files instead of comparing; a missing file is written, except
// under CI=true, where it fails (CI must never bless a plan nobody has looked at).
import { AssertionError } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IN_CI } from './databases.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Set: write the golden files from the current plans instead of comparing with them. */
export const UPDATE_GOLDEN = process.env.SHALE_UPDATE_GOLDEN === '1' || process.env.SHALE_UPDATE_GOLDEN === 'true';

/**
 * The plan as `shale diff` prints it: statements separated by a blank line, one final newline;
 * an empty plan is an empty text.
 *
 * @example
 * renderPlan([{ sql: 'create table t ();' }, { sql: 'drop view v;' }]) // 'create table t ();\n\ndrop view v;\n'
 */
export function renderPlan(statements: readonly { readonly sql: string }[]): string {
  return statements.length === 0 ? '' : `${statements.map((s) => s.sql).join('\n\n')}\n`;
}

export interface GoldenFile {
  /** The golden file every engine shares, e.g. `…/fixtures/columns/expected.sql`. */
  readonly path: string;
  /**
   * This engine's own file (`expected.pglite.sql`), kept only where its plan really differs from
   * `path`: written when it differs, removed again under SHALE_UPDATE_GOLDEN=1 once it does not.
   */
  readonly variant?: string;
}

export type GoldenOutcome = 'matched' | 'written';

/**
 * Compare `actual` with the golden file and throw an AssertionError naming the first differing line
 * (with both texts) when they differ; under SHALE_UPDATE_GOLDEN=1, or for a missing file outside CI,
 * write the file instead.
 *
 * @example
 * assertGolden({ path: join(dir, 'expected.sql'), variant: join(dir, 'expected.pglite.sql') }, renderPlan(r.statements))
 */
export function assertGolden(file: GoldenFile | string, actual: string): GoldenOutcome {
  const { path, variant } = typeof file === 'string' ? { path: file, variant: undefined } : file;
  if (UPDATE_GOLDEN) return update(path, variant, actual);
  const golden = variant !== undefined && existsSync(variant) ? variant : path;
  if (!existsSync(golden)) {
    if (IN_CI) throw new AssertionError({ message: `golden plan ${show(golden)} is missing (CI=true: run the test with SHALE_UPDATE_GOLDEN=1 and commit the file)` });
    write(golden, actual);
    return 'written';
  }
  const expected = readFileSync(golden, 'utf8');
  // Only our message: node's own diff of the two texts would print them a second and third time.
  if (expected !== actual) throw new AssertionError({ message: mismatch(golden, expected, actual) });
  return 'matched';
}

function update(path: string, variant: string | undefined, actual: string): GoldenOutcome {
  // An engine's variant exists only beside a shared file that says something else.
  if (variant !== undefined && existsSync(path)) {
    if (readFileSync(path, 'utf8') === actual) {
      rmSync(variant, { force: true });
      return 'matched';
    }
    return write(variant, actual);
  }
  return write(path, actual);
}

function write(path: string, text: string): GoldenOutcome {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return 'matched';
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return 'written';
}

const show = (path: string) => relative(root, path);

function mismatch(path: string, expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const line = (lines: readonly string[]) => (i < lines.length ? JSON.stringify(lines[i]) : '(end of text)');
  return [
    `the plan differs from the golden file ${show(path)} at line ${i + 1}:`,
    `  golden: ${line(e)}`,
    `  plan:   ${line(a)}`,
    `--- golden ${show(path)}`,
    expected,
    '--- plan',
    actual,
    '--- if the new plan is right: SHALE_UPDATE_GOLDEN=1 rewrites the golden files; review the change.',
  ].join('\n');
}
