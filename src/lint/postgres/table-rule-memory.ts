/** What a rule remembers between the statements it checks (NOT VALID constraints, column types…). */
import type { PgRuleContext } from './rule.js';

/**
 * The memory rides on the context, under a symbol no rule reads: rules ask for it on every statement
 * they check, and a WeakMap lookup (two, with `has`) cost more than a property read.
 */
const MEMORY = Symbol('rule memory');

type WithMemory = { [MEMORY]?: unknown };

/**
 * The state `init` made for this rule's context: one per rule and lint run (the framework gives each
 * rule one context for the run), so a rule remembers across the run's migrations.
 * @example const seen = ruleMemory(ctx, () => new Set<string>());
 */
export function ruleMemory<T>(ctx: PgRuleContext, init: () => T): T {
  const c = ctx as WithMemory;
  if (!(MEMORY in c)) c[MEMORY] = init();
  return c[MEMORY] as T;
}
