/**
 * Drops and type changes a view depends on: the views the run created (read from their parse trees)
 * and, with `--db`, the target's own (`pg_depend` through `pg_rewrite`). A drop without CASCADE fails,
 * with it PostgreSQL drops the views too, without naming them; a column's type cannot change under a view.
 */
import { asNode, list, relName, type RelName } from '../ast.js';
import type { PgRule, PgRuleContext } from '../rule.js';
import { droppedRelations, RunViews, VIEW_STATEMENTS, VIEWED_RELATIONS } from '../run-views.js';
import { tableText } from '../table-alter.js';
import { ruleMemory } from '../table-rule-memory.js';

/** One dropped relation or column and the views on it. */
interface Dropped {
  readonly what: string;
  readonly views: readonly string[];
  readonly cascade: boolean;
}

const unqualified = (v: string): string => v.slice(v.lastIndexOf('.') + 1);

/** The views on `rel` (or its `column`): the run's, and the target's the run has not dropped. */
function viewsOn(views: RunViews, ctx: PgRuleContext, rel: RelName, column: string | null, except: ReadonlySet<string>): string[] {
  const own = views.dependents(rel.name, column);
  const target = ctx.isNew(rel) ? [] : (ctx.viewsUsing(rel, column) ?? []);
  const seen = new Set(own.map(unqualified));
  const theirs = target.filter((v) => !views.dropped(unqualified(v)) && !seen.has(unqualified(v)));
  return [...own, ...theirs].filter((v) => !except.has(unqualified(v)));
}

/** `views` and, transitively, the views on them: CASCADE drops them all. */
function withDependents(views: RunViews, ctx: PgRuleContext, first: readonly string[]): string[] {
  const out = [...first];
  const seen = new Set(first.map(unqualified));
  for (let i = 0; i < out.length; i++) {
    const at = out[i]!;
    const dot = at.lastIndexOf('.');
    const rel = { schema: dot >= 0 ? at.slice(0, dot) : null, name: at.slice(dot + 1) };
    for (const v of viewsOn(views, ctx, rel, null, seen)) {
      seen.add(unqualified(v));
      out.push(v);
    }
  }
  return out;
}

const KIND: Readonly<Record<string, string>> = { OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized view', OBJECT_FOREIGN_TABLE: 'foreign table' };

function droppedWithViews(views: RunViews, ctx: PgRuleContext, s: Parameters<NonNullable<PgRule['check']>>[0]): Dropped[] {
  const cascade = s.node['behavior'] === 'DROP_CASCADE';
  if (s.type === 'DropStmt' && VIEWED_RELATIONS.has(String(s.node['removeType']))) {
    const kind = KIND[String(s.node['removeType'])] ?? 'relation';
    const rels = list(s.node['objects']).map((o) => {
      const parts = list(asNode(o, 'List')?.['items']).map((p) => String(asNode(p, 'String')?.['sval'] ?? ''));
      return { schema: parts.length > 1 ? parts[parts.length - 2]! : null, name: parts[parts.length - 1] ?? '' };
    });
    // Views dropped by the same statement are meant to go.
    const except = new Set(droppedRelations(s.node));
    return rels.map((rel) => ({ what: `${kind} ${tableText(rel)}`, views: viewsOn(views, ctx, rel, null, except), cascade })).filter((d) => d.views.length > 0);
  }
  if (s.type !== 'AlterTableStmt') return [];
  const table = relName(s.node['relation']);
  if (!table) return [];
  return list(s.node['cmds']).flatMap((c) => {
    const cmd = asNode(c, 'AlterTableCmd');
    if (cmd?.['subtype'] !== 'AT_DropColumn') return [];
    const column = String(cmd['name']);
    const on = viewsOn(views, ctx, table, column, new Set());
    return on.length > 0 ? [{ what: `column ${tableText(table)}.${column}`, views: on, cascade: cmd['behavior'] === 'DROP_CASCADE' }] : [];
  });
}

/** PG207: a view depends on what is dropped. */
const dropReferencedByView: PgRule = {
  code: 'PG207',
  rule: 'drop-referenced-by-view',
  aliases: [],
  severity: 'error',
  summary: 'Dropping a table, view or column a view selects (created by the run, or in the database with --db): it fails, or with CASCADE silently drops the view.',
  statements: VIEW_STATEMENTS,
  check(s, ctx) {
    const views = ruleMemory(ctx, () => new RunViews());
    const found = droppedWithViews(views, ctx, s).map((d) => (d.cascade ? { ...d, views: withDependents(views, ctx, d.views) } : d));
    views.record(s);
    // CASCADE took the target's views too (the run's own are dropped by `record`).
    for (const d of found) if (d.cascade) views.forget(d.views);
    for (const d of found) {
      const list = `view${d.views.length === 1 ? '' : 's'} ${d.views.join(', ')}`;
      ctx.report(
        d.cascade
          ? {
              message: `dropping ${d.what} with CASCADE also drops ${list}, which ${d.views.length === 1 ? 'depends' : 'depend'} on it, without naming ${d.views.length === 1 ? 'it' : 'them'}`,
              hint: 'drop the views by name first and recreate the ones still needed without it (CREATE VIEW … in the same migration), then drop without CASCADE',
            }
          : {
              message: `dropping ${d.what} fails: ${list} ${d.views.length === 1 ? 'depends' : 'depend'} on it`,
              hint: 'recreate the views without it first (DROP VIEW, then CREATE VIEW … in the same migration, before the drop)',
            },
      );
    }
  },
};

/** PG208: PostgreSQL refuses to change the type of a column a view or rule uses. */
const retypeColumnUsedByView: PgRule = {
  code: 'PG208',
  rule: 'retype-column-used-by-view',
  aliases: [],
  severity: 'error',
  summary: 'ALTER COLUMN … TYPE of a column a view selects (created by the run, or in the database with --db) fails: PostgreSQL cannot change it under a view.',
  statements: VIEW_STATEMENTS,
  check(s, ctx) {
    const views = ruleMemory(ctx, () => new RunViews());
    const table = s.type === 'AlterTableStmt' ? relName(s.node['relation']) : null;
    const retyped = table
      ? list(s.node['cmds']).flatMap((c) => {
          const cmd = asNode(c, 'AlterTableCmd');
          if (cmd?.['subtype'] !== 'AT_AlterColumnType') return [];
          const column = String(cmd['name']);
          const on = viewsOn(views, ctx, table, column, new Set());
          return on.length > 0 ? [{ table, column, views: on }] : [];
        })
      : [];
    views.record(s);
    for (const r of retyped) {
      const list = `view${r.views.length === 1 ? '' : 's'} ${r.views.join(', ')}`;
      ctx.report({
        message: `changing the type of ${tableText(r.table)}.${r.column} fails: ${list} ${r.views.length === 1 ? 'selects' : 'select'} it, and PostgreSQL cannot alter the type of a column a view uses`,
        hint: 'drop the views before the change and create them again after it, in the same migration',
      });
    }
  },
};

/** The view rules: PG207, PG208. */
export const VIEWS_RULES: readonly PgRule[] = [dropReferencedByView, retypeColumnUsedByView];
