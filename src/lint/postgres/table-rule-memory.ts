/** What a rule remembers between the statements it checks (NOT VALID constraints, column types…). */
import type { PgRuleContext } from './rule.js';

const memories = new WeakMap<PgRuleContext, unknown>();

/**
 * The state `init` made for this rule's context: one per rule and lint run (the framework gives each
 * rule one context for the run), so a rule remembers across the run's migrations.
 * @example const seen = ruleMemory(ctx, () => new Set<string>());
 */
export function ruleMemory<T>(ctx: PgRuleContext, init: () => T): T {
  if (!memories.has(ctx)) memories.set(ctx, init());
  return memories.get(ctx) as T;
}
