import type { Change } from './change.js';
import type { Schema } from './model.js';
import { diffTables } from './diff-tables.js';
import { diffDefinitions, diffTypes } from './diff-objects.js';
import { recreateDependents } from './diff-recreate.js';
import { diffComments, diffPrivileges } from './diff-acl.js';
import { orderSteps } from './order.js';
import { StepList } from './step-list.js';

export interface DiffOptions {
  /** Compare and plan GRANT/REVOKE (migra `--with-privileges`). Default false. */
  readonly withPrivileges?: boolean;
  /** Don't compare extension versions; create extensions without `version`. Default false. */
  readonly ignoreExtensionVersions?: boolean;
  /** Only create the extensions `to` has and `from` lacks (migra `--create-extensions-only`). */
  readonly createExtensionsOnly?: boolean;
}

/**
 * The changes that turn schema `from` into schema `to`, in an order that runs: a pure function over
 * two models (no database).
 * @example const changes = diffSchemas(await inspect(prod), await inspect(dev), { withPrivileges: true })
 */
export function diffSchemas(from: Schema, to: Schema, opts: DiffOptions = {}): Change[] {
  const out = new StepList();
  if (opts.createExtensionsOnly) {
    const have = new Set(from.extensions.map((e) => e.key));
    for (const e of to.extensions) {
      if (!have.has(e.key)) out.add({ kind: 'createExtension', extension: e, withVersion: !opts.ignoreExtensionVersions }, 'create', e.key);
    }
    return orderSteps(out.steps, [], []);
  }
  diffTypes(from, to, { ignoreExtensionVersions: opts.ignoreExtensionVersions ?? false }, out);
  diffTables(from, to, out);
  diffDefinitions(from, to, out);
  recreateDependents(from, to, out);
  if (opts.withPrivileges) diffPrivileges(from, to, out);
  diffComments(from, to, out);
  if (out.steps.some((s) => s.change.kind === 'createFunction')) {
    out.add({ kind: 'disableFunctionBodyChecks' }, 'alter', 'setting:check_function_bodies');
  }
  return orderSteps(out.steps, from.dependencies, to.dependencies);
}
