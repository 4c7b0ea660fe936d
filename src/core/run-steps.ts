import type { Adapter } from '../adapters/adapter.js';
import { ShaleError, messageOf } from '../errors.js';
import type { Emitter } from '../events.js';
import { applyMigration, logOuterFailure, rollbackMigration, type RunMode } from './apply.js';
import { executeBody } from './execute.js';
import { isTransactional, type Hook, type Migration } from './migration.js';
import { prepareBody, type PreparedBody } from './prepare.js';
import type { MigrationResult } from './result.js';

export interface PreparedMigration {
  readonly m: Migration;
  readonly body: PreparedBody;
}

/** Own transaction where the database and the migration allow it, else statement-journaled. */
export function modeFor(a: Adapter, m: Migration, direction: 'up' | 'down'): RunMode {
  const body = direction === 'up' ? m.up : m.down!;
  return a.capabilities.transactionalDdl && isTransactional(body) ? 'transaction' : 'journal';
}

/**
 * Apply migrations one by one, writing each outcome into `results[offset + i]`. Only the last one
 * waits for its commit to reach disk (see ApplyOptions.durable).
 */
export async function applyEach(a: Adapter, events: Emitter, steps: readonly PreparedMigration[], results: MigrationResult[], offset: number): Promise<void> {
  for (const [i, { m, body }] of steps.entries()) {
    try {
      a.locker.assertHeld?.();
      const durationMs = await applyMigration(a, events, m, body, { mode: modeFor(a, m, 'up'), durable: i === steps.length - 1 });
      results[offset + i] = { id: m.id, direction: 'up', status: 'applied', durationMs };
    } catch (e) {
      results[offset + i] = { id: m.id, direction: 'up', status: 'failed', durationMs: 0, error: messageOf(e) };
      throw e;
    }
  }
}

/** Roll back migrations one by one (newest first, as given). */
export async function rollbackEach(a: Adapter, events: Emitter, steps: readonly PreparedMigration[], results: MigrationResult[], offset: number): Promise<void> {
  for (const [i, { m, body }] of steps.entries()) {
    try {
      a.locker.assertHeld?.();
      const durationMs = await rollbackMigration(a, events, m, body, modeFor(a, m, 'down'));
      results[offset + i] = { id: m.id, direction: 'down', status: 'rolled-back', durationMs };
    } catch (e) {
      results[offset + i] = { id: m.id, direction: 'down', status: 'failed', durationMs: 0, error: messageOf(e) };
      throw e;
    }
  }
}

/** `--single-transaction`: every migration in one transaction; all or nothing. */
export async function applyInOneTransaction(a: Adapter, events: Emitter, steps: readonly PreparedMigration[], results: MigrationResult[]): Promise<void> {
  const journaled = steps.find(({ m }) => modeFor(a, m, 'up') !== 'transaction');
  if (journaled) {
    throw new ShaleError('E_USAGE', `--single-transaction: ${journaled.m.location} cannot run inside a transaction (transaction: false, or the database has no transactional DDL)`, { id: journaled.m.id });
  }
  const started = Date.now();
  let current = '';
  await a.begin();
  try {
    for (const [i, { m, body }] of steps.entries()) {
      current = m.id;
      const durationMs = await applyMigration(a, events, m, body, { mode: 'outer-transaction' });
      results[i] = { id: m.id, direction: 'up', status: 'applied', durationMs };
    }
    await a.commit();
  } catch (e) {
    await a.rollback().catch(() => undefined);
    for (const [i, r] of results.entries()) {
      results[i] = r.id === current ? { ...r, status: 'failed', error: messageOf(e) } : { ...r, status: 'not-run', durationMs: 0 };
    }
    await logOuterFailure(a, current, started, e);
    throw e;
  }
}

/** Post-apply hooks (yoyo F1–F2): each in its own transaction where possible; never recorded. */
export async function runHooks(a: Adapter, events: Emitter, hooks: readonly Hook[]): Promise<void> {
  for (const h of hooks) {
    events.emit('hook:run', { name: h.name, location: h.location });
    const body = await prepareBody(a, h.body);
    const tx = a.capabilities.transactionalDdl && isTransactional(h.body);
    if (tx) await a.begin();
    try {
      await executeBody(a, body);
      if (tx) await a.commit();
    } catch (e) {
      if (tx) await a.rollback().catch(() => undefined);
      throw e;
    }
  }
}
