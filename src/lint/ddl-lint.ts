/**
 * The linter of a dialect read with shale's own tokenizer (MySQL/MariaDB, SQLite): each script split
 * with the dialect's splitter, each statement read into the dialect's statement model, every rule
 * over it, knowing the run: tables created by an earlier statement are new, and whether the
 * statement runs in a transaction.
 */
import type { SqlScript } from '../core/migration.js';
import type { LintDialect, LintMigration, LintTarget, RawFinding, TableSize } from './dialect.js';
import type { RuleInfo, Severity } from './finding.js';
import { lineColumn, lineStartsOf } from './position.js';

/** What a rule reports; the severity defaults to the rule's. */
export interface DdlHit {
  readonly message: string;
  readonly hint: string;
  readonly severity?: Severity;
}

/** What a rule can ask while it checks a statement. */
export interface DdlContext {
  /** Whether the run created the table in an earlier statement (it holds no data yet). */
  isNew(table: string): boolean;
  /** The table's size, when a database was given and it has the table (see LintTarget). */
  tableSize(table: string): TableSize | null | undefined;
  /** The statement runs inside a transaction (the migration's own, or a BEGIN in its text). */
  readonly inTransaction: boolean;
  /** Session settings (`SET x = y`, `PRAGMA x = y`; names lower-cased) made earlier in the migration. */
  readonly settings: ReadonlyMap<string, string>;
  /**
   * For a table the run created: its columns that a key, an index or a foreign key uses (as
   * `key(column)`); undefined for a table the run did not create (shale does not know them).
   */
  boundColumns(table: string): ReadonlySet<string> | undefined;
  readonly serverVersion: number | undefined;
  report(hit: DdlHit): void;
}

export interface DdlRule<S> extends RuleInfo {
  check(s: S, ctx: DdlContext): void;
}

/** What running a statement changes for the statements after it. */
export interface DdlEffects {
  readonly created?: readonly string[];
  readonly dropped?: readonly string[];
  /** Tables renamed `[from, to]`: a new table stays new under its new name, an existing one stays existing. */
  readonly renamed?: readonly (readonly [string, string])[];
  /** Columns of `table` a key, an index or a foreign key now uses. */
  readonly bound?: { readonly table: string; readonly columns: readonly string[] };
  readonly transaction?: 'begin' | 'end';
  readonly settings?: readonly { readonly name: string; readonly value: string }[];
  /** The settings take effect only outside a transaction (SQLite ignores PRAGMA foreign_keys inside one). */
  readonly settingsOutsideTransactionOnly?: boolean;
}

export interface DdlDialect<S> {
  readonly rules: readonly DdlRule<S>[];
  /** The script's statements with their offsets (E_PARSE with `details.offset` when it cannot). */
  split(script: string): readonly { readonly sql: string; readonly offset: number }[];
  parse(sql: string): S;
  effects(s: S): DdlEffects;
  /** Table names compare as the dialect does (MySQL and SQLite: without case). */
  key(table: string): string;
}

/** The rule a script that cannot be split reports (every dialect has one). */
export interface SplitErrorRule extends RuleInfo {}

/** A LintDialect over `d`, `syntaxError` reporting scripts its splitter refuses. */
export function ddlLinter<S>(d: DdlDialect<S>, syntaxError: SplitErrorRule): LintDialect {
  return {
    rules: [syntaxError, ...d.rules.map(({ code, rule, aliases, severity, summary }) => ({ code, rule, aliases, severity, summary }))],
    lint: async (migrations, target) => lintAll(d, syntaxError, migrations, target),
  };
}

function lintAll<S>(d: DdlDialect<S>, syntaxError: SplitErrorRule, migrations: readonly LintMigration[], target: LintTarget): RawFinding[] {
  const created = new Map<string, Set<string>>();
  const out: RawFinding[] = [];
  for (const m of migrations) {
    // A setting made by an earlier migration does not hold for this one (each may run in its own session).
    const settings = new Map<string, string>();
    for (const script of m.scripts) {
      let statements: readonly { sql: string; offset: number }[];
      try {
        statements = d.split(script.sql);
      } catch (e) {
        const offset = typeof (e as { details?: { offset?: unknown } }).details?.offset === 'number' ? ((e as { details: { offset: number } }).details.offset) : 0;
        out.push(finding(syntaxError, { message: `does not parse: ${(e as Error).message}`, hint: 'fix the SQL; no rule ran on this script' }, m.id, script, offset, 0, script.sql.length));
        continue;
      }
      let inTransaction = script.transaction;
      let previousEnd = 0;
      for (const st of statements) {
        const s = d.parse(st.sql);
        const from = script.sql[previousEnd] === ';' ? previousEnd + 1 : previousEnd;
        const to = st.offset + st.sql.length;
        const ctx: Omit<DdlContext, 'report'> = {
          isNew: (t) => created.has(d.key(t)),
          tableSize: (t) => (created.has(d.key(t)) ? null : target.tableSize?.(null, t)),
          inTransaction,
          settings,
          boundColumns: (t) => created.get(d.key(t)),
          serverVersion: target.serverVersion,
        };
        for (const rule of d.rules) rule.check(s, { ...ctx, report: (hit) => out.push(finding(rule, hit, m.id, script, st.offset, from, to)) });
        const effects = d.effects(s);
        for (const t of effects.created ?? []) created.set(d.key(t), new Set());
        for (const t of effects.dropped ?? []) created.delete(d.key(t));
        for (const [from, to] of effects.renamed ?? []) {
          const columns = created.get(d.key(from));
          created.delete(d.key(from));
          if (columns) created.set(d.key(to), columns);
        }
        if (effects.bound) for (const c of effects.bound.columns) created.get(d.key(effects.bound.table))?.add(d.key(c));
        if (!(effects.settingsOutsideTransactionOnly && inTransaction)) for (const x of effects.settings ?? []) settings.set(x.name.toLowerCase(), x.value);
        if (effects.transaction === 'begin') inTransaction = true;
        if (effects.transaction === 'end') inTransaction = false;
        previousEnd = to;
      }
    }
  }
  return out;
}

function finding(rule: RuleInfo, hit: DdlHit, migration: string, script: SqlScript, offset: number, from: number, to: number): RawFinding {
  const { line, column } = lineColumn(lineStartsOf(script.sql), offset, script.line);
  return {
    code: rule.code,
    severity: hit.severity ?? rule.severity,
    message: hit.message,
    hint: hit.hint,
    migration,
    file: script.location,
    line,
    column,
    statementText: script.sql.slice(from, to),
    scriptText: script.sql,
  };
}
