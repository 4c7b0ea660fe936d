#!/usr/bin/env node
// Architecture boundaries (DESIGN §1), checked over the import statements of src/:
// - dialect folders are src/adapters/<dialect>/, src/schema/<dialect>/ and src/lint/<dialect>/;
// - core, fleet, declarative, lint, sources, adopt and the generic schema/*.ts never import a dialect folder;
// - schema/<d>/ imports only its own dialect's folders (e.g. the quoting layer adapters/<d>/quote.ts),
//   generic code below it (schema/, core/, adapters/adapter.ts, errors.ts), never a layer above it;
// - adapters/<d>/ imports schema/ of its own dialect only, lazily (a dynamic import, for its
//   `schemaDialect` capability): PGlite shares PostgreSQL's schema code;
// - lint/<d>/ imports only its own dialect's folders (the parser of schema/<d>/) and generic code;
//   the URL scheme registry (adapters/schemes.ts) loads it lazily;
// - the CLI imports only the public API (src/index.ts, or the entries src/api/*.ts that index.ts
//   re-exports in full) and its own files;
// - the CLI's start (the static runtime imports reachable from cli/main.ts) loads no schema, lint or
//   declarative code: the commands that need it import it when they run (`shale status` must not
//   pay for the schema differ);
// - no import cycles among runtime imports (`import type` erases at build time).
// Known violations that a later step removes are listed in KNOWN with the reason; a new one fails.
// Usage: node scripts/check-boundaries.mjs   (exit 1 with one line per violation)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const src = join(root, 'src');
const DIALECTS = ['postgres', 'mysql', 'sqlite', 'pglite'];
/** The dialect whose schema code a dialect uses, where it is another's (PGlite is PostgreSQL). */
const SCHEMA_FAMILY = { pglite: 'postgres' };
const family = (d) => SCHEMA_FAMILY[d] ?? d;
const DIALECT_FREE = ['core', 'fleet', 'declarative', 'lint', 'sources', 'schema', 'adopt'];
/** Layers that build on schema/<d>/ and so must not be imported by it. */
const ABOVE_SCHEMA = ['declarative', 'fleet', 'cli', 'lint', 'sources', 'adopt'];

/** Layers the CLI loads only when a command needs them (never at its start). */
const LAZY_FOR_CLI = ['schema', 'lint', 'declarative'];
const isApiEntry = (f) => /^api\/[^/]+\.ts$/.test(f);

/** `from → to` pairs accepted for now, each with why (a later step removes them). */
const KNOWN = new Map([]);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Relative imports of a file: `{ to, typeOnly, dynamic }`, `to` relative to src/ with a .ts extension. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  const add = (spec, typeOnly, dynamic) => out.push({ to: relative(src, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))), typeOnly, dynamic });
  for (const m of text.matchAll(IMPORT)) add(m[3], m[2] !== undefined, false);
  for (const m of text.matchAll(DYNAMIC)) add(m[1], false, true);
  return out;
}

const files = walk(src).map((f) => relative(src, f));
const graph = new Map(files.map((f) => [f, importsOf(join(src, f))]));
const problems = [];
const top = (f) => f.split('/')[0];
/** `{ layer, dialect }` for a file in adapters/<dialect>/ or schema/<dialect>/, else null. */
function dialectFolder(f) {
  const [layer, dialect, ...rest] = f.split('/');
  return (layer === 'adapters' || layer === 'schema' || layer === 'lint') && DIALECTS.includes(dialect) && rest.length > 0 ? { layer, dialect } : null;
}

for (const [from, imports] of graph) {
  const own = dialectFolder(from);
  for (const { to, dynamic } of imports) {
    const pair = `${from} → ${to}`;
    if (KNOWN.has(pair)) continue;
    const target = dialectFolder(to);
    if (DIALECT_FREE.includes(top(from)) && own === null && target) {
      problems.push(`${pair}: ${top(from)}/ must not import a dialect folder (branch on adapter capabilities)`);
    }
    if (own?.layer === 'schema') {
      if (target && family(target.dialect) !== own.dialect) problems.push(`${pair}: schema/${own.dialect}/ imports only its own dialect's folders`);
      if (ABOVE_SCHEMA.includes(top(to))) problems.push(`${pair}: schema/${own.dialect}/ must not import ${top(to)}/ (it builds on schema code)`);
    }
    if (own?.layer === 'lint' && target && family(target.dialect) !== own.dialect) problems.push(`${pair}: lint/${own.dialect}/ imports only its own dialect's folders`);
    if (target?.layer === 'lint' && !dynamic && own?.layer !== 'lint') problems.push(`${pair}: lint/${target.dialect}/ is loaded lazily (a dynamic import, by the scheme registry)`);
    if (own?.layer === 'adapters' && target?.layer === 'lint') problems.push(`${pair}: adapters/${own.dialect}/ must not import lint/ (the scheme registry offers the linter)`);
    if (own?.layer === 'adapters' && target?.layer === 'schema') {
      if (target.dialect !== family(own.dialect)) problems.push(`${pair}: adapters/${own.dialect}/ may import only schema/${family(own.dialect)}/`);
      else if (!dynamic) problems.push(`${pair}: adapters/${own.dialect}/ loads schema/${target.dialect}/ lazily (a dynamic import, for its schemaDialect capability)`);
    }
    if (top(from) === 'cli' && top(to) !== 'cli' && to !== 'index.ts' && !isApiEntry(to)) problems.push(`${pair}: the CLI imports only the public API (src/index.ts, src/api/*.ts)`);
  }
}
// Every entry of src/api/ is public: index.ts re-exports each in full, and re-exports nothing else.
const apiEntries = files.filter(isApiEntry).sort();
const indexExports = (graph.get('index.ts') ?? []).map((i) => i.to).sort();
if (JSON.stringify(apiEntries) !== JSON.stringify(indexExports)) problems.push(`index.ts must re-export exactly the entries of src/api/ (${apiEntries.join(', ')}); it re-exports ${indexExports.join(', ')}`);
for (const e of apiEntries) if (!new RegExp(`^export \\* from '\\./${e.replace('.ts', '\\.js')}';$`, 'm').test(readFileSync(join(src, 'index.ts'), 'utf8'))) problems.push(`index.ts: re-export ${e} with \`export * from './${e.replace('.ts', '.js')}'\``);

// What the CLI's start loads: static runtime imports from cli/main.ts.
const startup = new Set(['cli/main.ts']);
for (const f of startup) for (const i of graph.get(f) ?? []) if (!i.typeOnly && !i.dynamic && graph.has(i.to)) startup.add(i.to);
for (const f of startup) {
  if (LAZY_FOR_CLI.includes(top(f))) {
    // Named where the start first reaches the layer, not for every file behind it.
    const via = [...startup].find((g) => !LAZY_FOR_CLI.includes(top(g)) && (graph.get(g) ?? []).some((i) => i.to === f && !i.typeOnly && !i.dynamic));
    if (via !== undefined) problems.push(`${f} is loaded at the CLI's start (imported by ${via}): import it when the command runs (a dynamic import)`);
  }
}

for (const pair of KNOWN.keys()) {
  const [from, to] = pair.split(' → ');
  if (!graph.get(from)?.some((i) => i.to === to)) problems.push(`${pair}: listed as a known violation but gone: remove it from KNOWN`);
}

// Cycles over runtime imports: an iterative DFS, reporting each cycle once by its smallest member.
const seen = new Set();
const cycles = new Set();
function dfs(start) {
  const stack = [[start, 0]];
  const onPath = new Map([[start, 0]]);
  const path = [start];
  while (stack.length) {
    const top2 = stack[stack.length - 1];
    const [node, i] = top2;
    const edges = (graph.get(node) ?? []).filter((e) => !e.typeOnly && graph.has(e.to));
    if (i >= edges.length) {
      stack.pop();
      path.pop();
      onPath.delete(node);
      seen.add(node);
      continue;
    }
    top2[1]++;
    const next = edges[i].to;
    if (onPath.has(next)) {
      const cycle = path.slice(onPath.get(next));
      const min = cycle.reduce((a, b) => (a < b ? a : b));
      const k = cycle.indexOf(min);
      cycles.add([...cycle.slice(k), ...cycle.slice(0, k), min].join(' → '));
    } else if (!seen.has(next)) {
      onPath.set(next, path.length);
      path.push(next);
      stack.push([next, 0]);
    }
  }
}
for (const f of files) if (!seen.has(f)) dfs(f);
for (const c of cycles) problems.push(`import cycle: ${c}`);

if (problems.length) {
  for (const p of problems) console.error(`boundaries: ${p}`);
  process.exit(1);
}
console.log(`boundaries: ${files.length} files, ${[...graph.values()].reduce((n, i) => n + i.length, 0)} imports, ${KNOWN.size} known violations, no new ones`);
