import { Emitter } from '../events.js';
import type { TargetResult } from './report.js';

/** Progress events of a fleet run. The library never prints; the CLI renders these. */
export interface FleetEvents {
  /** The targets are known and the run starts (`total` counts every target of the run when coordinated, shared with other runners). */
  'fleet:start': { readonly total: number; readonly concurrency: number; readonly canary: number };
  'target:start': { readonly target: string };
  /** One migration of one target finished (applied or rolled back). */
  'target:migration': { readonly target: string; readonly id: string; readonly direction: 'up' | 'down'; readonly durationMs: number };
  'target:done': { readonly result: TargetResult; readonly done: number; readonly failed: number; readonly running: number };
  /** The run stops early: a canary failed, or a target failed without `continueOnError`. */
  'fleet:stop': { readonly reason: 'canary-failed' | 'target-failed'; readonly target: string };
  /** Coordinated runs: a claim whose runner stopped renewing its lease is taken over. */
  'coordinator:takeover': { readonly target: string; readonly previousRunner: string | null };
}

export type FleetEventName = keyof FleetEvents;

/** The emitter of {@link FleetEvents}: the generic {@link Emitter} over the fleet's event map. */
export class FleetEmitter extends Emitter<FleetEvents> {}
