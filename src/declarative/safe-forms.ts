/**
 * The safe forms of a generated migration: what `shale lint --fix` writes (`CREATE INDEX
 * CONCURRENTLY` on its own outside a transaction, `NOT VALID` + `VALIDATE CONSTRAINT` after the
 * commit, `SET NOT NULL` through a validated check, a `lock_timeout` preamble), for the statements
 * that change tables existing before the migration. The migration is linted alone, so every table
 * it does not create itself counts as existing and possibly holding rows.
 */
import { resolve } from 'node:path';
import { lintDialectFor } from '../adapters/schemes.js';
import { loadMigrations } from '../core/load.js';
import type { FileFix } from '../lint/fix-files.js';
import { planParsableFixes } from '../lint/parsable-fixes.js';
import { lintMigrations } from '../lint/lint.js';
import type { LintTarget } from '../lint/dialect.js';
import { resolveSources, type SourceSpec } from '../sources/resolve.js';

/** What the safe forms change in a generated migration's files: their new text, and what was done. */
export interface SafeForms {
  readonly files: readonly FileFix[];
  /** Findings whose fix was not made (two fixes on one statement, a rewrite that would not parse). */
  readonly skipped: readonly string[];
}

/**
 * The safe forms of the migration of folder `dir` whose up is in one of `files` (just written), for
 * a `family` project (its lint dialect's fixes, knowing what `before` says of the tables before it);
 * the migrations are loaded from `sources` (default `dir`; the project's, so dependencies across
 * folders resolve). Nothing is written. A rewrite that no longer parses is left out, with its reason.
 * @example const { files } = await safeFormsOf('migrations', ['migrations/20260101000000_add_index.sql'], 'postgres')
 */
export async function safeFormsOf(dir: string, files: readonly string[], family: string, before: LintTarget = {}, sources: readonly SourceSpec[] = [dir]): Promise<SafeForms> {
  const dialect = await lintDialectFor({ dialect: family }).catch(() => null);
  if (!dialect) return { files: [], skipped: [] }; // a dialect without lint rules has no safe forms
  const set = await loadMigrations(await resolveSources(sources));
  const written = new Set(files.map((f) => resolve(f)));
  const m = set.migrations.find((x) => x.up.kind === 'sql' && x.up.scripts.some((s) => written.has(resolve(s.location))));
  if (!m || m.up.kind !== 'sql') return { files: [], skipped: [] };
  const input = [{ id: m.id, scripts: m.up.scripts }];
  const report = await lintMigrations(dialect, input, before);
  if (report.fixable.length === 0) return { files: [], skipped: [] };
  const { plan } = await planParsableFixes(dialect, input, report.fixable, before);
  // The `-- hazard CODE` comments generate wrote above each statement name what the safe form avoids now.
  // Only a code all of whose findings were fixed: another statement may still have that hazard.
  const fixedCodes = new Set(report.fixable.map((f) => f.code).filter((c) => !plan.skipped.some((s) => s.code === c)));
  const avoided = new Set([...fixedCodes].filter((c) => report.findings.filter((f) => f.code === c).length === report.fixable.filter((f) => f.code === c).length));
  const fixed = plan.files.map((f) => ({ ...f, after: withoutHazardComments(f.after, avoided) }));
  return { files: fixed, skipped: plan.skipped.map((s) => `${s.code}: ${s.reason}`) };
}

/** The text without the `-- hazard CODE …` comment lines (generate's own) of the `codes`. */
function withoutHazardComments(text: string, codes: ReadonlySet<string>): string {
  return text
    .split('\n')
    .filter((line) => !(line.startsWith('-- hazard ') && codes.has(line.slice('-- hazard '.length).split(' ')[0]!)))
    .join('\n');
}
