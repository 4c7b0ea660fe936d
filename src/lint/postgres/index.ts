/**
 * The PostgreSQL linter: migrations through the real parser (libpg-query), then every rule over
 * each statement, knowing what the runner knows (the statement's transaction, objects created
 * earlier in the run, the server version, table sizes).
 */
import type { SqlScript } from '../../core/migration.js';
import { pgParser, type ParsedStatement } from '../../schema/postgres/pg-ast.js';
import type { DialectLintOptions, LintDialect, LintMigration, LintTarget, RawFinding } from '../dialect.js';
import type { RuleInfo } from '../finding.js';
import { firstTokenOffset, lineColumn, lineStartsOf } from '../position.js';
import { nodeOf } from './ast.js';
import { withBaselineWasm } from './baseline-wasm.js';
import { pgFixOf, renderPgFix } from './fixes.js';
import { RULES } from './rules/index.js';
import type { Hit, PgRule, PgRuleContext, PgStatement } from './rule.js';
import { RunObjects, timeoutSetting, transactionEffect } from './run-state.js';
import { scriptStatements } from './statements.js';

/** The parser's failure to read a script. */
export const SYNTAX_ERROR: RuleInfo = {
  code: 'PG100',
  rule: 'syntax-error',
  aliases: [],
  severity: 'error',
  summary: 'The migration does not parse as PostgreSQL.',
};

const info = ({ code, rule, aliases, severity, summary, optIn }: RuleInfo): RuleInfo => ({ code, rule, aliases, severity, summary, ...(optIn ? { optIn } : {}) });

export const postgresLint: LintDialect = {
  rules: [SYNTAX_ERROR, ...RULES.map(info)],
  traceable: true,
  lint: (migrations, target, options) => withBaselineWasm(() => lintPostgres(migrations, target, options?.skip)),
};

async function lintPostgres(migrations: readonly LintMigration[], target: LintTarget, skip: DialectLintOptions['skip']): Promise<RawFinding[]> {
  const parser = await pgParser();
  const run: Run = { target, objects: new RunObjects(), timeouts: { lock: false, statement: false }, out: [], report: null, transactions: 0 };
  // One context per rule for the whole run: a rule may remember across migrations (keyed by its context).
  // A rule whose findings would all be dropped is left out: no rule reads another's memory or findings.
  const rules = RULES.filter((r) => !skip?.has(r.code)).map((rule): RuleInRun => ({ rule, ctx: contextFor(rule, run) }));
  const checks = checksByType(rules);
  for (const m of migrations) {
    // A timeout set by an earlier migration does not protect this one (each may run in its own session).
    run.timeouts.lock = run.timeouts.statement = false;
    for (const script of m.scripts) {
      // Only blanks and comments: nothing runs (the parser refuses empty text).
      if (firstTokenOffset(script.sql, 0, script.sql.length) === script.sql.length) continue;
      let parsed: readonly ParsedStatement[];
      try {
        parsed = parser.parseSync(script.sql).stmts ?? [];
      } catch (e) {
        run.out.push(syntaxError(m.id, script, e));
        continue;
      }
      lintScript(m.id, script, parsed, run, rules, checks);
    }
  }
  return run.out;
}

/** What the run has seen so far, and where a rule's report goes for the script being linted. */
interface Run {
  readonly target: LintTarget;
  readonly objects: RunObjects;
  /** Timeouts set so far in the migration. */
  readonly timeouts: { lock: boolean; statement: boolean };
  readonly out: RawFinding[];
  report: ((rule: PgRule, hit: Hit, at?: PgStatement) => void) | null;
  /** The last transaction number handed out (see `PgStatement.transaction`). */
  transactions: number;
}

function lintScript(migration: string, script: SqlScript, parsed: readonly ParsedStatement[], run: Run, rules: readonly RuleInRun[], checks: (type: string) => readonly Check[]): void {
  // Lines are counted only for a script with a finding (most have none).
  let lineStarts: number[] | null = null;
  const statements = scriptStatements(script.sql, parsed);
  const views: PgStatement[] = [];
  const where = new Map<PgStatement, (typeof statements)[number]>();
  let inTransaction = script.transaction;
  let inMigrationTransaction = script.transaction;
  let transaction = script.transaction ? ++run.transactions : 0;
  run.report = (rule, hit, at) => {
    const view = at ?? views[views.length - 1]!;
    const s = where.get(view)!;
    const { line, column } = lineColumn((lineStarts ??= lineStartsOf(script.sql)), s.start, script.line);
    const fix = pgFixOf(rule.code, view, { serverVersion: run.target.serverVersion, partitioned: (rel) => run.target.partitioned?.(rel.schema, rel.name) ?? false });
    run.out.push({
      code: rule.code,
      severity: hit.severity ?? rule.severity,
      message: hit.message,
      hint: hit.hint,
      migration,
      file: script.location,
      line,
      column,
      statementText: script.sql.slice(s.from, s.to),
      scriptText: script.sql,
      ...(fix ? { fix: renderPgFix(fix, { sql: view.sql, from: s.start, script: script.sql }) } : {}),
    });
  };
  for (const s of statements) {
    const [type, node] = nodeOf(s.stmt);
    const tx = transactionEffect(type, node);
    // A BEGIN outside a transaction starts one; a statement outside any is a transaction of its own.
    if (!inTransaction) transaction = ++run.transactions;
    const view: PgStatement = { type, node, sql: script.sql.slice(s.start, s.to).replace(/;\s*$/, ''), inTransaction, inMigrationTransaction, transaction };
    views.push(view);
    where.set(view, s);
    for (const c of checks(type)) c.check(view, c.ctx);
    // The statement's own effects, for the statements after it.
    if (tx === 'begin') inTransaction = true;
    if (tx === 'end') inTransaction = inMigrationTransaction = false;
    const timeout = timeoutSetting(type, node);
    if (timeout) run.timeouts[timeout.name] = timeout.set;
    run.objects.record(type, node);
  }
  if (views.length > 0) for (const { rule, ctx } of rules) rule.end?.(views, ctx);
  run.report = null;
}

/** A rule of the run, with its context for the run. */
interface RuleInRun {
  readonly rule: PgRule;
  readonly ctx: PgRuleContext;
}

/** A rule's `check`, with the rule's context for the run. */
interface Check {
  readonly check: NonNullable<PgRule['check']>;
  readonly ctx: PgRuleContext;
}

/** The checks that read statements of a type, in code order (most rules read one or two of the parser's statement types). */
function checksByType(rules: readonly RuleInRun[]): (type: string) => readonly Check[] {
  const byType = new Map<string, readonly Check[]>();
  return (type) => {
    let checks = byType.get(type);
    if (!checks) {
      checks = rules.flatMap(({ rule, ctx }) => {
        const check = rule.check;
        return check && (!rule.statements || rule.statements.has(type)) ? [{ check: check.bind(rule), ctx }] : [];
      });
      byType.set(type, checks);
    }
    return checks;
  };
}

function contextFor(rule: PgRule, run: Run): PgRuleContext {
  return {
    serverVersion: run.target.serverVersion,
    isNew: (rel) => run.objects.has(rel),
    tableSize: (rel) => (run.objects.has(rel) ? null : run.target.tableSize?.(rel.schema, rel.name)),
    enumType: (type) => run.target.enumType?.(type.schema, type.name),
    viewsUsing: (rel, column) => run.target.viewsUsing?.(rel.schema, rel.name, column),
    get lockTimeoutSet() {
      return run.timeouts.lock;
    },
    get statementTimeoutSet() {
      return run.timeouts.statement;
    },
    report: (hit, at) => run.report?.(rule, hit, at),
  };
}

function syntaxError(migration: string, script: SqlScript, e: unknown): RawFinding {
  const err = e as { message?: string; cursorPosition?: number; sqlDetails?: { cursorPosition?: number } };
  // The parser's cursor counts code points from 0; a JS string counts UTF-16 units.
  const points = Math.max(0, err.sqlDetails?.cursorPosition ?? err.cursorPosition ?? 0);
  const offset = [...script.sql.slice(0, points * 2)].slice(0, points).join('').length;
  const { line, column } = lineColumn(lineStartsOf(script.sql), offset, script.line);
  return {
    code: SYNTAX_ERROR.code,
    severity: 'error',
    message: `does not parse: ${err.message ?? String(e)}`,
    hint: 'fix the SQL; no rule ran on this script',
    migration,
    file: script.location,
    line,
    column,
    statementText: '',
    scriptText: script.sql,
  };
}
