import type { Change } from './change.js';
import type { Step, StepOp } from './order.js';
import { rankOf } from './rank.js';

/** Collects the steps of a diff and remembers which objects are dropped or created. */
export class StepList {
  readonly steps: Step[] = [];
  private readonly ops = new Map<string, Set<StepOp>>();

  add(change: Change, op: StepOp, key: string, extra: { depKey?: string; needs?: readonly string[] } = {}): void {
    this.steps.push({ change, op, key, rank: rankOf(change), ...extra });
    const k = extra.depKey ?? key;
    let s = this.ops.get(k);
    if (!s) this.ops.set(k, (s = new Set()));
    s.add(op);
  }

  /** Whether some step does `op` to the object `key`. */
  has(key: string, op: StepOp): boolean {
    return this.ops.get(key)?.has(op) ?? false;
  }
}
