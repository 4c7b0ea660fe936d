import type { Change } from './change.js';
import type { BaseType, Schema } from './model.js';
import { KeyMap, KeySet, keys, type EditKey, type ObjectKey } from '../keys.js';
import { matchByKey, sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';
import { asideName } from './diff-objects.js';

/** ALTER TYPE … SET (PostgreSQL 13+) changes these; anything else is a new type. */
const SETTABLE = { receive: null, send: null, typmodIn: null, typmodOut: null, analyze: null, subscript: null, storage: 'plain', bound: [] } as const;

const boundKeys = (t: BaseType): ObjectKey[] => t.bound.map((f) => keys.func(f.schema, f.name, f.args));
const shellOf = (t: BaseType) => keys.part('shell', t.key);

/** A base type the plan drops or sets aside: its bound functions go with it (see {@link diffBaseTypes}). */
function replaced(from: Schema, to: Schema): { from: BaseType[]; to: BaseType[] } {
  const m = matchByKey(from.baseTypes, to.baseTypes);
  const changed = m.both.filter(([a, b]) => isNewType(a, b, from, to));
  return { from: [...m.removed, ...changed.map(([a]) => a)], to: changed.map(([, b]) => b) };
}

/**
 * The two models without the functions {@link diffBaseTypes} plans itself: the bound functions of the
 * base types the plan drops or recreates (dropped with the old type, created around the new one).
 * diffDefinitions compares these instead of the models.
 */
export function withoutReplacedBoundFunctions(from: Schema, to: Schema): { from: Schema; to: Schema } {
  const r = replaced(from, to);
  if (r.from.length === 0) return { from, to };
  const a = new KeySet(r.from.flatMap(boundKeys));
  const b = new KeySet(r.to.flatMap(boundKeys));
  return { from: { ...from, functions: from.functions.filter((f) => !a.has(f.key)) }, to: { ...to, functions: to.functions.filter((f) => !b.has(f.key)) } };
}

/**
 * Base types. A new one is made in three steps: the shell, its I/O functions (which take or return
 * it: they wait for the shell), the definition (which waits for them); its users wait for the
 * definition. What ALTER TYPE … SET changes is altered; any other change sets the old type aside
 * (renamed with its bound functions, whose names the new ones take), creates the new one and its
 * functions, moves the users over (columns retyped through text: diff-recreate.ts) and drops the
 * old one last. A type and its input and output functions depend on each other, so PostgreSQL drops
 * neither alone: a dropped type is dropped with CASCADE, which takes the bound functions (every
 * modelled user of the type is dropped before it). Runs after diffDefinitions, which planned the
 * new functions of new types.
 */
export function diffBaseTypes(from: Schema, to: Schema, out: EditList<Change>): void {
  const m = matchByKey(from.baseTypes, to.baseTypes);
  const functions = new KeyMap(to.functions.map((f) => [f.key, f]));
  for (const x of m.added) {
    createBaseType(x, out);
    const bound = new KeySet<EditKey>(boundKeys(x));
    out.edits.forEach((s, i) => {
      if (s.change.kind === 'createFunction' && bound.has(s.key)) out.update(i, { needs: [shellOf(x)] });
    });
  }
  for (const x of m.removed) {
    // CASCADE drops the bound functions: their privileges and comments go with them.
    out.add({ kind: 'dropType', type: { schema: x.schema, name: x.name }, what: 'base type' }, 'drop', x.key, { carries: boundKeys(x) });
  }
  for (const [a, b] of m.both) {
    if (!isNewType(a, b, from, to)) {
      if (!sameData(a, b)) out.add({ kind: 'alterBaseType', from: a, to: b }, 'alter', b.key);
      continue;
    }
    const aside = { type: asideName(a.name), functions: a.bound.map((f) => ({ ...f, aside: asideName(f.name) })) };
    out.add({ kind: 'renameBaseTypeAside', type: a, aside }, 'release', a.key);
    out.add({ kind: 'dropType', type: { schema: a.schema, name: aside.type }, what: 'base type' }, 'drop', keys.part('aside', a.key), { depKey: a.key });
    createBaseType(b, out);
    for (const k of boundKeys(b)) {
      const f = functions.get(k);
      if (f) out.add({ kind: 'createFunction', func: f, replace: false }, 'create', f.key, { needs: [shellOf(b)] });
    }
  }
}

/** The shell (its own edit, which no dependency names) and the definition, which waits for it. */
function createBaseType(t: BaseType, out: EditList<Change>): void {
  out.add({ kind: 'createShellType', type: { schema: t.schema, name: t.name } }, 'create', t.key, { depKey: shellOf(t) });
  out.add({ kind: 'createBaseType', type: t }, 'create', t.key, { needs: [shellOf(t)] });
}

/**
 * The type must be made again: it changed beyond what ALTER TYPE … SET does, or a bound function
 * changed beyond what CREATE OR REPLACE does (new parameter names or result): the type depends on
 * it, so it cannot be dropped and created on its own.
 */
function isNewType(a: BaseType, b: BaseType, from: Schema, to: Schema): boolean {
  if (!sameData(a, b) && !alterable(a, b, from.serverVersion)) return true;
  const old = new KeyMap(from.functions.map((f) => [f.key, f]));
  const now = new KeyMap(to.functions.map((f) => [f.key, f]));
  return boundKeys(a).some((k) => {
    const x = old.get(k);
    const y = now.get(k);
    return x !== undefined && y !== undefined && (x.arguments !== y.arguments || x.result !== y.result || x.kind !== y.kind);
  });
}

/**
 * Only settable properties differ, and the server has ALTER TYPE … SET (13+; null: a hand-built
 * model). STORAGE can become anything but plain (a column may hold TOASTed values).
 */
function alterable(a: BaseType, b: BaseType, version: number | null): boolean {
  if (version !== null && version < 130000) return false;
  if (b.storage === 'plain' && a.storage !== 'plain') return false;
  return sameData({ ...a, ...SETTABLE }, { ...b, ...SETTABLE });
}
