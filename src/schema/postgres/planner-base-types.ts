import type { BaseTypeAside } from './change.js';
import type { BaseType } from './model.js';
import { ident, literal, qname } from './planner-quote.js';

/** The optional support functions, by their CREATE TYPE / ALTER TYPE … SET names. */
const SUPPORT = [
  ['receive', 'receive'], ['send', 'send'], ['typmod_in', 'typmodIn'], ['typmod_out', 'typmodOut'], ['analyze', 'analyze'], ['subscript', 'subscript'],
] as const;

/** CREATE TYPE name (…) completing the shell; properties at their defaults are left out. */
export function createBaseType(t: BaseType): string {
  const opts = [`input = ${t.input}`, `output = ${t.output}`];
  for (const [name, field] of SUPPORT) if (t[field] !== null) opts.push(`${name} = ${t[field]}`);
  if (t.internalLength !== -1) opts.push(`internallength = ${t.internalLength}`);
  if (t.passedByValue) opts.push('passedbyvalue');
  if (t.alignment !== 'int4') opts.push(`alignment = ${t.alignment}`);
  if (t.storage !== 'plain') opts.push(`storage = ${t.storage}`);
  if (t.category !== 'U') opts.push(`category = ${literal(t.category)}`);
  if (t.preferred) opts.push('preferred = true');
  if (t.default !== null) opts.push(`default = ${literal(t.default)}`);
  if (t.element !== null) opts.push(`element = ${t.element}`);
  if (t.delimiter !== ',') opts.push(`delimiter = ${literal(t.delimiter)}`);
  if (t.collatable) opts.push('collatable = true');
  return `create type ${qname(t)} (\n    ${opts.join(',\n    ')}\n);`;
}

/** ALTER TYPE … SET with what changed (a support function removed is NONE). */
export function alterBaseType(a: BaseType, b: BaseType): string {
  const opts: string[] = [];
  for (const [name, field] of SUPPORT) if (a[field] !== b[field]) opts.push(`${name} = ${b[field] ?? 'none'}`);
  if (a.storage !== b.storage) opts.push(`storage = ${b.storage}`);
  return `alter type ${qname(b)} set (${opts.join(', ')});`;
}

/** The bound functions first (their arguments name the type by its current name), then the type. */
export function renameBaseTypeAside(t: BaseType, aside: BaseTypeAside): string[] {
  return [
    ...aside.functions.map((f) => `alter function ${qname(f)}(${f.args}) rename to ${ident(f.aside)};`),
    `alter type ${qname(t)} rename to ${ident(aside.type)};`,
  ];
}
