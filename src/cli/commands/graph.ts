import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ShaleError, heads, loadMigrations, resolveSources, type Migration } from '../../api/migrations.js';
import { globals, outputFor } from '../run.js';
import { resolveSettings, type GlobalOptions } from '../settings.js';
import { displayId } from '../display-id.js';
import { newMigrationFiles } from './scaffold.js';

export const GRAPH_FORMATS = ['mermaid', 'dot'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** An edge of the migration graph: `to` runs after (depends on) `from`. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

/** What `graph` draws: versioned migrations, and edges declared by `depends` or implied by order. */
export interface MigrationGraphView {
  readonly nodes: readonly Migration[];
  readonly edges: readonly GraphEdge[];
  /** True when no migration declares a dependency and the edges are the run order chain. */
  readonly implicitOrder: boolean;
}

/**
 * The graph of the versioned migrations. When no migration declares `depends`, each migration is
 * drawn depending on the one before it in run order, so a plain numbered folder reads as the chain it
 * is rather than a set of unrelated nodes (and has exactly one head).
 */
export function migrationGraph(migrations: readonly Migration[]): MigrationGraphView {
  const nodes = migrations.filter((m) => m.kind === 'versioned');
  const implicitOrder = !nodes.some((m) => m.depends.length > 0);
  const drawn = new Set(nodes.map((m) => m.id));
  // A dependency on a repeatable migration orders the run but is no edge of the versioned graph.
  const edges = implicitOrder
    ? nodes.slice(1).map((m, i) => ({ from: nodes[i]!.id, to: m.id }))
    : nodes.flatMap((m) => m.depends.filter((d) => drawn.has(d)).map((d) => ({ from: d, to: m.id })));
  return { nodes, edges, implicitOrder };
}

/** The heads of the graph: migrations nothing depends on (the last one when the set is a plain chain). */
export function graphHeads(view: MigrationGraphView): Migration[] {
  if (view.implicitOrder) return view.nodes.slice(-1);
  return heads(view.nodes);
}

/**
 * A Mermaid quoted label: `"` would end it, `#…;` is read as an entity code and `<`, `>`, `&` as
 * HTML, so each is written as an entity (`#` first, so the entities themselves stay intact).
 */
const MERMAID_ENTITIES: Record<string, string> = { '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;' };
const mermaidLabel = (s: string): string => displayId(s).replace(/[#"<>&]/g, (c) => MERMAID_ENTITIES[c]!);
const dotString = (s: string): string => `"${displayId(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Render the graph as Mermaid (`flowchart TD`) or Graphviz DOT text. */
export function renderGraph(view: MigrationGraphView, format: GraphFormat): string {
  const ids = new Map(view.nodes.map((m, i) => [m.id, `m${i}`]));
  const lines: string[] = [];
  if (format === 'mermaid') {
    lines.push('flowchart TD');
    for (const m of view.nodes) lines.push(`  ${ids.get(m.id)}["${mermaidLabel(m.id)}"]`);
    for (const e of view.edges) lines.push(`  ${ids.get(e.from)} --> ${ids.get(e.to)}`);
  } else {
    lines.push('digraph migrations {', '  rankdir=TB;');
    for (const m of view.nodes) lines.push(`  ${dotString(m.id)};`);
    for (const e of view.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)};`);
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

async function loadSet(g: GlobalOptions): Promise<readonly Migration[]> {
  const s = await resolveSettings(g);
  return (await loadMigrations(await resolveSources(s.sources))).migrations;
}

const nodeJson = (m: Migration) => ({ id: m.id, location: m.location, description: m.description, depends: m.depends });

/** `heads`, `graph` and `merge`: read the migration set only, never the database. */
export function registerGraph(program: Command): void {
  program
    .command('heads')
    .description('list the migrations no other migration depends on (in a set without any `depends`, the last one)')
    .action(async (_o: unknown, cmd: Command) => {
      const g = globals(cmd);
      const out = outputFor(g);
      const list = graphHeads(migrationGraph(await loadSet(g)));
      if (out.json) return out.document({ heads: list.map(nodeJson) });
      for (const m of list) out.line(displayId(m.id));
      if (list.length === 0) out.line('no migrations');
    });

  program
    .command('graph')
    .description(
      'print the migration graph (edges from `depends`); when no migration declares a dependency, ' +
        'each migration is drawn after the previous one in run order, so the graph shows the chain the migrations run in',
    )
    .option('--format <format>', `output format: ${GRAPH_FORMATS.join(' | ')}`, 'mermaid')
    .action(async (o: { format: string }, cmd: Command) => {
      if (!(GRAPH_FORMATS as readonly string[]).includes(o.format)) throw new ShaleError('E_USAGE', `unknown --format "${o.format}": use ${GRAPH_FORMATS.join(', ')}`);
      const g = globals(cmd);
      const out = outputFor(g);
      const view = migrationGraph(await loadSet(g));
      if (out.json) {
        return out.document({ format: o.format, implicitOrder: view.implicitOrder, nodes: view.nodes.map(nodeJson), edges: view.edges, text: renderGraph(view, o.format as GraphFormat) });
      }
      process.stdout.write(renderGraph(view, o.format as GraphFormat));
    });

  program
    .command('merge')
    .description('write a new SQL migration that depends on every current head (refused when there is at most one head)')
    .argument('[name]', 'what the merge is called', 'merge')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const g = globals(cmd);
      const out = outputFor(g);
      const dir = g.source?.[0] ?? 'migrations';
      if (dir.startsWith('s3://')) throw new ShaleError('E_USAGE', 'shale merge writes to a local folder; pass --source <dir>');
      const list = graphHeads(migrationGraph(await loadSet(g)));
      if (list.length <= 1) {
        throw new ShaleError('E_USAGE', `nothing to merge: the migrations have ${list.length === 0 ? 'no head' : `one head (${list[0]!.id})`}`, { heads: list.map((m) => m.id) });
      }
      const ids = list.map((m) => m.id);
      const files = newMigrationFiles('sql', name, ids);
      const created: string[] = [];
      for (const [file, text] of Object.entries(files)) {
        const p = join(dir, file);
        if (existsSync(p)) throw new ShaleError('E_USAGE', `${p} already exists`);
        writeFileSync(p, text, { flag: 'wx' });
        created.push(p);
      }
      if (out.json) return out.document({ command: 'merge', ok: true, heads: ids, files: created });
      for (const p of created) out.line(`created ${p} (depends on ${ids.map(displayId).join(', ')})`);
    });
}
