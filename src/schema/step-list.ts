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

  /** Replace the change of step `i` (same object and op), or add keys it must wait for. */
  update(i: number, patch: { change?: Change; needs?: readonly string[] }): void {
    const s = this.steps[i];
    if (!s) return;
    this.steps[i] = { ...s, ...(patch.change ? { change: patch.change, rank: rankOf(patch.change) } : {}), ...(patch.needs ? { needs: [...(s.needs ?? []), ...patch.needs] } : {}) };
  }

  /** Whether some step does `op` to the object `key`. */
  has(key: string, op: StepOp): boolean {
    return this.ops.get(key)?.has(op) ?? false;
  }
}
