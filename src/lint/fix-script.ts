/**
 * The generic half of `shale lint --fix`: a script's text with the dialect's safe forms put in
 * place. A fix that needs a statement outside any transaction (`alone`) or in a later transaction
 * (`after-commit`) turns a transactional script into one that runs statement by statement, its
 * other statements kept together in explicit `BEGIN; … COMMIT;` blocks (which the statement journal
 * records as one unit), so the migration keeps its id, its file and its atomic parts.
 */
import type { LintFix } from './dialect.js';
import { firstTokenOffset } from './position.js';

type Replace = Extract<LintFix, { kind: 'replace' }>;
type Preamble = Extract<LintFix, { kind: 'preamble' }>;

/** A script after its fixes: its text, and whether it still runs in one transaction. */
export interface FixedScript {
  readonly sql: string;
  readonly transaction: boolean;
}

/** One part of the rewritten script: a transaction of its own, or statements that run one by one. */
interface Unit {
  readonly transaction: boolean;
  text: string;
}

/**
 * `sql` (a script that runs in one transaction when `transaction`) with `fixes` applied. Replace
 * fixes must not overlap; the caller keeps one fix per statement.
 */
export function fixScript(sql: string, transaction: boolean, fixes: readonly LintFix[]): FixedScript {
  const replaces = fixes.filter((f): f is Replace => f.kind === 'replace').sort((a, b) => a.from - b.from);
  const preamble = fixes.find((f): f is Preamble => f.kind === 'preamble');
  const eol = sql.includes('\r\n') ? '\r\n' : '\n';
  const split = transaction && replaces.some((f) => f.steps.some((s) => s.run !== 'in-place'));
  if (!split) {
    const body = spliced(sql, replaces, eol);
    if (!preamble) return { sql: body, transaction };
    // The preamble goes before the first statement; the fixes only change text after it.
    const at = firstTokenOffset(body, 0, body.length);
    const text = transaction
      ? `${body.slice(0, at)}${preamble.local};${eol}${body.slice(at)}`
      : `${body.slice(0, at)}${preamble.session};${eol}${terminated(body.slice(at))}${eol}${preamble.reset};${eol}`;
    return { sql: text, transaction };
  }
  const head = firstTokenOffset(sql, 0, sql.length);
  const units = splitUnits(sql, head, replaces, eol);
  const rendered = units.map((u) => renderUnit(u, eol)).join('');
  // A session setting covers the lone statements too; `resume` on a new session runs without it.
  const start = preamble ? `${preamble.session};${eol}` : '';
  const end = preamble ? `${preamble.reset};${eol}` : '';
  return { sql: `${sql.slice(0, head)}${start}${rendered}${end}`, transaction: false };
}

/**
 * The text with each fix's steps in its statement's place (the statement's `;` ends the last one).
 * In a transaction only in-place steps get here; outside one each statement commits itself, so a
 * step for after the commit can follow at once.
 */
function spliced(sql: string, replaces: readonly Replace[], eol: string): string {
  let out = '';
  let pos = 0;
  for (const f of replaces) {
    out += sql.slice(pos, f.from) + f.steps.map((s) => s.sql).join(`;${eol}`);
    pos = f.to;
  }
  return out + sql.slice(pos);
}

/**
 * The statements after `head`, cut into transactions and lone statements where the fixes need it:
 * a step that must run alone gets a unit of its own; the steps of a fix that must follow its
 * commit get the next transaction, before the statements after it (which may depend on them).
 */
function splitUnits(sql: string, head: number, replaces: readonly Replace[], eol: string): Unit[] {
  const units: Unit[] = [];
  let current: Unit = { transaction: true, text: '' };
  let pos = head;
  for (const f of replaces) {
    current.text += sql.slice(pos, f.from);
    const later: string[] = [];
    for (const step of f.steps) {
      if (step.run === 'in-place') current.text += `${step.sql};${eol}`;
      else if (step.run === 'after-commit') later.push(`${step.sql};${eol}`);
      else {
        units.push(current, { transaction: false, text: `${step.sql};${eol}` });
        current = { transaction: true, text: '' };
      }
    }
    if (later.length > 0) {
      units.push(current, { transaction: true, text: later.join('') });
      current = { transaction: true, text: '' };
    }
    // The statement's own `;` (and the blanks up to the line end) went with its replacement.
    pos = afterTerminator(sql, f.to);
  }
  current.text += sql.slice(pos);
  units.push(current);
  return units;
}

/** Just past the `;` that ends a statement ending at `to` and the rest of its line, if only blanks. */
function afterTerminator(sql: string, to: number): number {
  let i = to;
  while (i < sql.length && (sql[i] === ' ' || sql[i] === '\t')) i++;
  if (sql[i] !== ';') return to;
  i++;
  let j = i;
  while (j < sql.length && (sql[j] === ' ' || sql[j] === '\t' || sql[j] === '\r')) j++;
  return sql[j] === '\n' ? j + 1 : i;
}

/** A unit's text: a transaction in BEGIN … COMMIT when it holds a statement; comments and blanks as they are. */
function renderUnit(u: Unit, eol: string): string {
  const at = firstTokenOffset(u.text, 0, u.text.length);
  if (!u.transaction || at === u.text.length) return u.text;
  // Comments before the first statement stay above the BEGIN.
  return `${u.text.slice(0, at)}BEGIN;${eol}${terminated(u.text.slice(at))}${eol}COMMIT;${eol}`;
}

/**
 * Statements without their trailing blanks, the last one ended by a `;`: placed after its last
 * token, before any comment that follows it (a `;` after a `--` comment would be part of it).
 */
function terminated(text: string): string {
  const end = codeEnd(text);
  const body = text.slice(0, end);
  const rest = text.slice(end).replace(/\s+$/, '');
  if (body === '' || body.endsWith(';')) return `${body}${rest}`;
  return `${body};${rest}`;
}

/**
 * Where the last code of `text` ends: after its last character that is not a blank or inside a
 * comment, reading quotes ('…', "…", $tag$…$tag$) so that a `--` in a string is not a comment.
 */
function codeEnd(text: string): number {
  let end = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && (text[j] !== c || text[j + 1] === c)) j += text[j] === c ? 2 : 1;
      i = end = Math.min(j + 1, text.length);
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64))![0];
      const close = text.indexOf(tag, i + tag.length);
      i = end = close < 0 ? text.length : close + tag.length;
    } else {
      if (!/\s/.test(c)) end = i + 1;
      i++;
    }
  }
  return end;
}
