import { KeyMap, type StepKey } from './keys.js';
import type { Step, StepOp } from './order.js';

/**
 * Collects the steps of a diff and remembers which objects are dropped or created. `rankOf` is the
 * dialect's default position of a change (see {@link Step.rank}).
 * @example const out = new StepList(rankOf); out.add({ kind: 'createSchema', name: 'app' }, 'create', keys.schema('app'))
 */
export class StepList<C> {
  readonly steps: Step<C>[] = [];
  private readonly ops = new KeyMap<Set<StepOp>>();

  constructor(private readonly rankOf: (c: C) => number) {}

  add(change: C, op: StepOp, key: StepKey, extra: { depKey?: StepKey; needs?: readonly StepKey[] } = {}): void {
    this.steps.push({ change, op, key, rank: this.rankOf(change), ...extra });
    const k = extra.depKey ?? key;
    let s = this.ops.get(k);
    if (!s) this.ops.set(k, (s = new Set()));
    s.add(op);
  }

  /** Replace the change of step `i` (same object and op), or add keys it must wait for. */
  update(i: number, patch: { change?: C; needs?: readonly StepKey[] }): void {
    const s = this.steps[i];
    if (!s) return;
    this.steps[i] = {
      ...s,
      ...(patch.change ? { change: patch.change, rank: this.rankOf(patch.change) } : {}),
      ...(patch.needs ? { needs: [...(s.needs ?? []), ...patch.needs] } : {}),
    };
  }

  /** Whether some step does `op` to the object `key`. */
  has(key: StepKey, op: StepOp): boolean {
    return this.ops.get(key)?.has(op) ?? false;
  }
}
