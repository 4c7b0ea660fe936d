/**
 * `shale plan` as a reviewer reads it: Markdown for a pull-request comment, or one self-contained
 * HTML page (inline CSS and JS, no network) with the migration graph, the pending SQL, the lint
 * findings, the schema change with its hazards, and the verify results.
 */
import type { PlanReport, PlannedMigration } from '../api/declarative.js';

export const PLAN_FORMATS = ['markdown', 'html', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** How many applied migrations the graph shows before the pending ones. */
const APPLIED_SHOWN = 8;

type Schema = PlanReport['schema'];
type Statement = Extract<Schema, { statements: unknown }>['statements'][number];

type Gap = Extract<Schema, { error: string }>;

function isGap<T extends object>(x: T | Gap): x is Gap {
  return 'error' in x;
}

/** Verify results that are not a pass: a migration without a rollback is only noted. */
const FAILED = (status: string): boolean => !['ok', 'repeatable', 'no-rollback'].includes(status);

function counts(p: PlanReport): { pending: number; errors: number; warnings: number; hazards: number; verifyFailed: number } {
  const statements = isGap(p.schema) ? [] : p.schema.statements;
  return {
    pending: p.migrations.filter((m) => m.state === 'pending').length,
    errors: p.findings.filter((f) => f.severity === 'error').length,
    warnings: p.findings.filter((f) => f.severity === 'warning').length,
    hazards: statements.reduce((n, s) => n + s.hazards.length, 0),
    verifyFailed: p.verify && !isGap(p.verify) ? p.verify.filter((r) => FAILED(r.status)).length : 0,
  };
}

/** Markdown for a pull-request comment. */
export function planMarkdown(p: PlanReport): string {
  const c = counts(p);
  const out = [`## shale plan: ${md(p.target)}`, '', `**${c.pending}** pending migration${c.pending === 1 ? '' : 's'} · **${c.errors}** lint error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'} · ${c.hazards} hazard${c.hazards === 1 ? '' : 's'} in the schema change${p.verify === null ? '' : ` · verify: ${isGap(p.verify) ? 'not run' : c.verifyFailed === 0 ? 'ok' : `${c.verifyFailed} failed`}`}`, ''];
  out.push('### Pending migrations', '');
  const pending = p.migrations.filter((m) => m.state === 'pending');
  if (pending.length === 0) out.push('Nothing to apply.', '');
  for (const m of pending) {
    const sql = (m.sql ?? '-- a TS/JS migration: its SQL is known only when it runs').trimEnd();
    out.push(`<details><summary><code>${html(m.id)}</code>${m.transaction === false ? ' (runs statement by statement)' : ''}</summary>`, '', ...fenced(sql), '', '</details>', '');
  }
  out.push('### Lint findings', '');
  if (p.findings.length === 0) out.push('No findings.', '');
  else {
    out.push('| severity | code | where | finding | hint |', '|---|---|---|---|---|');
    for (const f of p.findings) out.push(`| ${f.severity} | ${f.code} \`${f.rule}\` | ${md(f.migration)}:${f.line}:${f.column} | ${md(f.message)} | ${md(f.hint)} |`);
    out.push('');
  }
  out.push('### Schema change', '');
  if (isGap(p.schema)) out.push(`Not worked out: ${md(p.schema.error)}`, '');
  else if (p.schema.statements.length === 0) out.push('No schema change.', '');
  else out.push(...fenced(p.schema.statements.map(statementText).join('\n')), '');
  if (p.verify !== null) {
    out.push('### Verify (up → down → up on a dev database)', '');
    if (isGap(p.verify)) out.push(`Not run: ${md(p.verify.error)}`, '');
    else if (p.verify.length === 0) out.push('Nothing to verify.', '');
    else {
      out.push('| migration | result |', '|---|---|');
      for (const r of p.verify) out.push(`| ${md(r.id)} | ${r.status}${r.error ? `: ${md(r.error)}` : ''}${r.difference.length ? ` (${r.difference.length} difference${r.difference.length === 1 ? '' : 's'})` : ''} |`);
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

/** A SQL code block whose fence no backtick run in `sql` can close (CommonMark: a longer fence). */
function fenced(sql: string): string[] {
  const longest = Math.max(0, ...[...sql.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}sql`, sql, fence];
}

function statementText(s: Statement): string {
  const hazards = s.hazards.map((h) => `-- hazard ${h.code} ${h.rule} (${h.severity}): ${h.message}`);
  return [...hazards, `${s.destructive ? '-- destructive\n' : ''}${terminated(s.sql)}`].join('\n');
}

function terminated(sql: string): string {
  return `${sql.replace(/;\s*$/, '')};`;
}

/** Text in a Markdown table cell or line: pipes and newlines escaped. */
function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One HTML page, no network: the graph is inline SVG, the filter a few lines of inline JS. */
export function planHtml(p: PlanReport): string {
  const c = counts(p);
  const sections = [
    section('graph', 'Migrations', graphSvg(p.migrations)),
    section('pending', 'Pending migrations', pendingHtml(p.migrations)),
    section('findings', 'Lint findings', findingsHtml(p)),
    section('schema', 'Schema change', schemaHtml(p.schema)),
    ...(p.verify === null ? [] : [section('verify', 'Verify (up → down → up on a dev database)', verifyHtml(p.verify))]),
  ];
  const summary = `${c.pending} pending · ${c.errors} lint errors, ${c.warnings} warnings · ${c.hazards} hazards${p.verify === null ? '' : ` · verify ${isGap(p.verify) ? 'not run' : c.verifyFailed === 0 ? 'ok' : `${c.verifyFailed} failed`}`}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>shale plan: ${html(p.target)}</title>
<style>${CSS}</style></head>
<body><header><h1>shale plan</h1><p class="target">${html(p.target)}</p><p class="summary">${html(summary)}</p></header>
<main>${sections.join('\n')}</main>
<script>${JS}</script></body></html>
`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${html(title)}</h2>${body}</section>`;
}

function pendingHtml(migrations: readonly PlannedMigration[]): string {
  const pending = migrations.filter((m) => m.state === 'pending');
  if (pending.length === 0) return '<p>Nothing to apply.</p>';
  return pending
    .map((m) => `<details open><summary><code>${html(m.id)}</code>${m.transaction === false ? ' <span class="tag">statement by statement</span>' : ''}</summary><pre><code>${html(m.sql ?? '-- a TS/JS migration: its SQL is known only when it runs')}</code></pre></details>`)
    .join('\n');
}

function findingsHtml(p: PlanReport): string {
  if (p.findings.length === 0) return '<p>No findings.</p>';
  const buttons = ['all', 'error', 'warning', 'info'].map((s) => `<button type="button" data-filter="${s}">${s}</button>`).join('');
  const rows = p.findings
    .map((f) => `<tr data-severity="${f.severity}"><td class="${f.severity}">${f.severity}</td><td><code>${html(f.code)}</code> ${html(f.rule)}</td><td>${html(f.migration)}:${f.line}:${f.column}</td><td>${html(f.message)}<div class="hint">${html(f.hint)}</div></td></tr>`)
    .join('\n');
  return `<div class="filters">${buttons}</div><table><thead><tr><th>severity</th><th>rule</th><th>where</th><th>finding</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function schemaHtml(schema: Schema): string {
  if (isGap(schema)) return `<p class="gap">Not worked out: ${html(schema.error)}</p>`;
  if (schema.statements.length === 0) return '<p>No schema change.</p>';
  const items = schema.statements.map((s) => {
    const hazards = s.hazards.map((h) => `<li class="${h.severity}"><code>${html(h.code)}</code> ${html(h.rule)}: ${html(h.message)}</li>`).join('');
    return `<li${s.destructive ? ' class="destructive"' : ''}><pre><code>${html(terminated(s.sql))}</code></pre>${hazards ? `<ul class="hazards">${hazards}</ul>` : ''}</li>`;
  });
  const unsupported = schema.unsupported.length ? `<p class="gap">Not compared: ${schema.unsupported.map((u) => html(`${u.kind} ${u.name}`)).join(', ')}</p>` : '';
  return `<ol class="statements">${items.join('')}</ol>${unsupported}`;
}

function verifyHtml(verify: NonNullable<PlanReport['verify']>): string {
  if (isGap(verify)) return `<p class="gap">Not run: ${html(verify.error)}</p>`;
  if (verify.length === 0) return '<p>Nothing to verify.</p>';
  const rows = verify.map((r) => `<tr><td><code>${html(r.id)}</code></td><td class="${FAILED(r.status) ? 'error' : 'ok'}">${html(r.status)}</td><td>${html(r.error ?? '')}${r.difference.length ? `<pre><code>${html(r.difference.join('\n'))}</code></pre>` : ''}</td></tr>`);
  return `<table><thead><tr><th>migration</th><th>result</th><th>detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The run order as a column of nodes (the last applied ones, then the pending), with `depends` drawn as arcs. */
function graphSvg(migrations: readonly PlannedMigration[]): string {
  const firstPending = migrations.findIndex((m) => m.state === 'pending');
  const cut = Math.max(0, (firstPending < 0 ? migrations.length : firstPending) - APPLIED_SHOWN);
  const shown = migrations.slice(cut);
  if (shown.length === 0) return '<p>No migrations.</p>';
  const row = 28;
  const y = (i: number) => 20 + i * row;
  const index = new Map(shown.map((m, i) => [m.id, i]));
  const nodes = shown.map((m, i) => `<g class="node ${m.state}"><circle cx="40" cy="${y(i)}" r="7"/><text x="60" y="${y(i) + 4}">${html(m.id)} · ${m.state}</text></g>`);
  const chain = shown.slice(1).map((_, i) => `<line x1="40" y1="${y(i) + 7}" x2="40" y2="${y(i + 1) - 7}"/>`);
  const arcs = shown.flatMap((m, i) =>
    m.depends.flatMap((d) => {
      const j = index.get(d);
      return j === undefined || j === i - 1 ? [] : [`<path class="dep" d="M33 ${y(j)} C ${10} ${y(j)}, ${10} ${y(i)}, 33 ${y(i)}"/>`];
    }),
  );
  const hidden = cut > 0 ? `<p class="muted">${cut} earlier applied migration${cut === 1 ? '' : 's'} not shown.</p>` : '';
  return `${hidden}<svg role="img" aria-label="migration graph" width="100%" height="${y(shown.length - 1) + 20}">${chain.join('')}${arcs.join('')}${nodes.join('')}</svg>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#1d232a;color:#fff;padding:16px 28px}header h1{margin:0;font-size:20px}
.target{margin:4px 0;font-family:ui-monospace,monospace;opacity:.85}.summary{margin:4px 0 0}
main{padding:12px 28px;max-width:1100px}section{background:#fff;border:1px solid #dfe3e8;border-radius:6px;margin:14px 0;padding:10px 18px}
h2{font-size:16px;margin:6px 0 10px}pre{background:#f3f4f6;padding:8px 10px;overflow:auto;border-radius:4px;margin:6px 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid #eceff3;padding:5px 8px}.hint{color:#5b6672;font-size:12.5px}
.error{color:#b42318}.warning{color:#b54708}.info{color:#175cd3}.ok{color:#067647}.gap{color:#b54708}.muted{color:#5b6672}
.tag{background:#eef2f6;border-radius:3px;padding:1px 5px;font-size:12px}.destructive pre{border-left:3px solid #b42318}
.statements{padding-left:22px}.hazards{margin:0 0 8px;padding-left:18px;font-size:12.5px}
.filters button{margin:0 6px 8px 0;border:1px solid #c9d0d8;background:#fff;border-radius:4px;padding:2px 10px;cursor:pointer}
.filters button.on{background:#1d232a;color:#fff}svg line,svg path{stroke:#98a2b3;fill:none;stroke-width:1.5}
svg text{font:12.5px ui-monospace,monospace;fill:#1d232a}.node circle{stroke:#475467;stroke-width:1.5;fill:#fff}
.node.applied circle{fill:#98a2b3}.node.pending circle{fill:#2e90fa}.node.changed circle,.node.partial circle,.node.missing circle{fill:#f04438}
`;

const JS = `
(function () {
  var buttons = document.querySelectorAll('[data-filter]');
  function show(severity) {
    document.querySelectorAll('tr[data-severity]').forEach(function (tr) {
      tr.hidden = severity !== 'all' && tr.getAttribute('data-severity') !== severity;
    });
    buttons.forEach(function (b) { b.classList.toggle('on', b.getAttribute('data-filter') === severity); });
  }
  buttons.forEach(function (b) { b.addEventListener('click', function () { show(b.getAttribute('data-filter')); }); });
  if (buttons.length) show('all');
  document.body.setAttribute('data-ready', 'true');
})();
`;
