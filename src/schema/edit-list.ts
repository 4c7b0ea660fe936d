import { KeyMap, type EditKey } from './keys.js';
import type { Edit, EditOp } from './order.js';

/**
 * Collects the edits of a diff and remembers which objects are dropped or created. `rankOf` is the
 * dialect's default position of a change (see {@link Edit.rank}).
 * @example const out = new EditList(rankOf); out.add({ kind: 'createSchema', name: 'app' }, 'create', keys.schema('app'))
 */
export class EditList<C> {
  readonly edits: Edit<C>[] = [];
  private readonly ops = new KeyMap<Set<EditOp>>();

  constructor(private readonly rankOf: (c: C) => number) {}

  /**
   * `carries`: other objects the edit does `op` to as well, for {@link has} only (a type dropped with
   * CASCADE takes its I/O functions); ordering knows them by their own edits, if any.
   */
  add(change: C, op: EditOp, key: EditKey, extra: { depKey?: EditKey; needs?: readonly EditKey[]; carries?: readonly EditKey[] } = {}): void {
    const { carries = [], ...rest } = extra;
    this.edits.push({ change, op, key, rank: this.rankOf(change), ...rest });
    for (const k of [extra.depKey ?? key, ...carries]) {
      let s = this.ops.get(k);
      if (!s) this.ops.set(k, (s = new Set()));
      s.add(op);
    }
  }

  /** Replace the change of edit `i` (same object and op), or add keys it must wait for. */
  update(i: number, patch: { change?: C; needs?: readonly EditKey[] }): void {
    const s = this.edits[i];
    if (!s) return;
    this.edits[i] = {
      ...s,
      ...(patch.change ? { change: patch.change, rank: this.rankOf(patch.change) } : {}),
      ...(patch.needs ? { needs: [...(s.needs ?? []), ...patch.needs] } : {}),
    };
  }

  /** Whether some edit does `op` to the object `key`. */
  has(key: EditKey, op: EditOp): boolean {
    return this.ops.get(key)?.has(op) ?? false;
  }
}
