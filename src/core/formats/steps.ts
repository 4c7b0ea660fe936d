import { ShaleError, messageOf } from '../../errors.js';
import type { MigrationContext } from '../migration.js';

/** One SQL statement (run with `ctx.query`) or a function given the migration context. */
export type StepAction = string | ((ctx: MigrationContext) => Promise<unknown> | unknown);

/** Which direction's errors are skipped: `apply`, `rollback`, or both (`all`). */
export type IgnoreErrors = 'apply' | 'rollback' | 'all';

export interface StepOptions {
  readonly ignoreErrors?: IgnoreErrors;
}

/** A yoyo-like step: an apply action and an optional rollback action. Build it with {@link step}. */
export interface Step {
  readonly kind: 'step';
  readonly apply: StepAction;
  readonly rollback: StepAction | null;
  readonly ignoreErrors: IgnoreErrors | null;
}

/** Steps that succeed or fail together (a savepoint where DDL is transactional). Build it with {@link group}. */
export interface StepGroup {
  readonly kind: 'group';
  readonly steps: readonly StepItem[];
  readonly ignoreErrors: IgnoreErrors | null;
}

export type StepItem = Step | StepGroup;

type Direction = 'apply' | 'rollback';

/**
 * A migration step for a module exporting `steps`.
 * @example
 * export const steps = [
 *   step('create table users (id int primary key)', 'drop table users'),
 *   step(async (ctx) => { await ctx.sql`insert into users values (${1})` }, 'delete from users'),
 * ];
 */
export function step(apply: StepAction, rollback?: StepAction | null, opts: StepOptions = {}): Step {
  checkAction(apply, 'step(apply)');
  if (rollback != null) checkAction(rollback, 'step(…, rollback)');
  return { kind: 'step', apply, rollback: rollback ?? null, ignoreErrors: checkIgnore(opts.ignoreErrors) };
}

/**
 * Steps applied as one unit: a SAVEPOINT on databases with transactional DDL. With
 * `ignoreErrors: 'all'` a failure inside the group undoes the whole group and the migration goes on.
 * @example
 * export const steps = [step('insert into t values (1)'), group([step('insert into t values (2)'), step('oops')], { ignoreErrors: 'all' })];
 */
export function group(steps: readonly StepItem[], opts: StepOptions = {}): StepGroup {
  return { kind: 'group', steps: checkItems(steps, 'group()'), ignoreErrors: checkIgnore(opts.ignoreErrors) };
}

function checkAction(a: unknown, where: string): void {
  if (typeof a !== 'string' && typeof a !== 'function') throw new ShaleError('E_PARSE', `${where}: an action is an SQL string or a function(ctx)`);
}

function checkIgnore(v: unknown): IgnoreErrors | null {
  if (v === undefined || v === null) return null;
  if (v === 'apply' || v === 'rollback' || v === 'all') return v;
  throw new ShaleError('E_PARSE', `ignoreErrors must be 'apply', 'rollback' or 'all', got ${JSON.stringify(v)}`);
}

/** Validate what a module exported as `steps` (objects made by `step()`/`group()`, possibly from another copy of shale). */
export function checkItems(items: unknown, where: string): StepItem[] {
  if (!Array.isArray(items)) throw new ShaleError('E_PARSE', `${where}: steps must be an array of step(…) / group(…)`);
  return items.map((x: unknown, i) => {
    const o = x as { kind?: unknown; apply?: unknown; rollback?: unknown; steps?: unknown; ignoreErrors?: unknown } | null;
    const opts = { ignoreErrors: (o?.ignoreErrors ?? undefined) as IgnoreErrors | undefined };
    if (o?.kind === 'step') return step(o.apply as StepAction, o.rollback as StepAction | null, opts);
    if (o?.kind === 'group') return group(checkItems(o.steps, `${where}[${i}]`), opts);
    throw new ShaleError('E_PARSE', `${where}[${i}]: not a step(…) or group(…)`);
  });
}

const ignores = (v: IgnoreErrors | null, d: Direction): boolean => v === 'all' || v === d;

function describe(a: StepAction): string {
  if (typeof a === 'function') return a.name ? `${a.name}()` : 'function';
  const one = a.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

async function runAction(ctx: MigrationContext, a: StepAction, label: string): Promise<void> {
  try {
    if (typeof a === 'string') await ctx.query(a);
    else await a(ctx);
  } catch (e) {
    throw new Error(`${label} (${describe(a)}): ${messageOf(e).split('\n')[0]}`, { cause: e });
  }
}

/**
 * Drives a list of steps. `transactional`: the migration runs in a transaction that rolls DDL back,
 * so groups and error-ignoring steps are savepoints and a failure needs no compensation (yoyo C3).
 * Otherwise a failure runs the rollbacks of the steps already executed, newest first, then rethrows.
 */
class StepRunner {
  private readonly done: Step[] = [];
  private counter = 0;

  constructor(
    private readonly ctx: MigrationContext,
    private readonly transactional: boolean,
  ) {}

  async apply(items: readonly StepItem[]): Promise<void> {
    try {
      await this.applyItems(items);
    } catch (e) {
      if (!this.transactional) await this.compensate(0, e);
      throw e;
    }
  }

  async rollback(items: readonly StepItem[]): Promise<void> {
    for (const item of [...items].reverse()) {
      const run = item.kind === 'step' ? () => this.rollbackStep(item) : () => this.rollback(item.steps);
      await this.guard(item, 'rollback', run, async () => undefined);
    }
  }

  private async applyItems(items: readonly StepItem[]): Promise<void> {
    for (const item of items) {
      const run = item.kind === 'step' ? () => this.applyStep(item) : () => this.applyItems(item.steps);
      // Without transactions, an ignored failure of a group still undoes what the group did.
      await this.guard(item, 'apply', run, (mark, e) => (this.transactional ? Promise.resolve() : this.compensate(mark, e)));
    }
  }

  /**
   * Run `fn`. In a transaction, a group or a step that ignores errors gets a savepoint, so its
   * failure can be undone alone (PostgreSQL aborts the whole transaction otherwise). Ignored errors
   * are swallowed after `onIgnored`.
   */
  private async guard(item: StepItem, d: Direction, fn: () => Promise<void>, onIgnored: (mark: number, e: unknown) => Promise<void>): Promise<void> {
    const mark = this.done.length;
    const savepoint = this.transactional && (item.kind === 'group' || item.ignoreErrors !== null);
    try {
      await (savepoint ? this.ctx.savepoint(fn) : fn());
    } catch (e) {
      if (!ignores(item.ignoreErrors, d)) throw e;
      await onIgnored(mark, e);
      this.done.length = mark;
    }
  }

  private async applyStep(s: Step): Promise<void> {
    const n = ++this.counter;
    await runAction(this.ctx, s.apply, `step ${n}`);
    this.done.push(s);
  }

  private async rollbackStep(s: Step): Promise<void> {
    if (s.rollback !== null) await runAction(this.ctx, s.rollback, 'rollback step');
  }

  /** Undo executed steps from `mark` on, newest first (non-transactional databases, yoyo C3). */
  private async compensate(mark: number, cause: unknown): Promise<void> {
    const undo = this.done.splice(mark).reverse();
    for (const s of undo) {
      try {
        await this.rollbackStep(s);
      } catch (e) {
        if (ignores(s.ignoreErrors, 'rollback')) continue;
        throw new Error(`${messageOf(cause).split('\n')[0]}; undoing the steps already run also failed: ${messageOf(e).split('\n')[0]}`, { cause: e });
      }
    }
  }
}

/** Whether any step in the tree has a rollback action. */
export function hasRollback(items: readonly StepItem[]): boolean {
  return items.some((i) => (i.kind === 'step' ? i.rollback !== null : hasRollback(i.steps)));
}

/** The `run(ctx)` of a steps migration. `transaction`: the module's own `transaction` export. */
export function runSteps(items: readonly StepItem[], direction: Direction, transaction: boolean): (ctx: MigrationContext) => Promise<void> {
  return async (ctx) => {
    const runner = new StepRunner(ctx, transaction && ctx.transactionalDdl);
    if (direction === 'apply') await runner.apply(items);
    else await runner.rollback(items);
  };
}
