import type { TextSearchConfiguration, TextSearchDictionary, TextSearchMapping } from './model.js';
import type { QName } from './model.js';
import { ident, qname } from './planner-quote.js';

/** CREATE TEXT SEARCH DICTIONARY with its options as the catalog keeps them. */
export function createTsDictionary(d: TextSearchDictionary): string {
  const opts = [`template = ${d.template}`, ...d.options.map((o) => `${o.name} = ${o.value}`)];
  return `create text search dictionary ${qname(d)} (${opts.join(', ')});`;
}

/** New and changed options set, removed ones named alone (back to the template's default). */
export function alterTsDictionary(a: TextSearchDictionary, b: TextSearchDictionary): string[] {
  const opts: string[] = [];
  for (const o of b.options) if (!a.options.some((x) => x.name === o.name && x.value === o.value)) opts.push(`${o.name} = ${o.value}`);
  for (const o of a.options) if (!b.options.some((x) => x.name === o.name)) opts.push(o.name);
  return opts.length > 0 ? [`alter text search dictionary ${qname(b)} (${opts.join(', ')});`] : [];
}

/** CREATE TEXT SEARCH CONFIGURATION (no mappings) and ADD MAPPING for each set of token types sharing dictionaries. */
export function createTsConfiguration(c: TextSearchConfiguration): string[] {
  return [`create text search configuration ${qname(c)} (parser = ${c.parser});`, ...mappingStatements(c, 'add', c.mappings)];
}

/** Mappings added, altered (a new dictionary list) and dropped, by token type. */
export function alterTsConfiguration(a: TextSearchConfiguration, b: TextSearchConfiguration): string[] {
  const before = new Map(a.mappings.map((m) => [m.token, m]));
  const after = new Map(b.mappings.map((m) => [m.token, m]));
  const added = b.mappings.filter((m) => !before.has(m.token));
  const altered = b.mappings.filter((m) => {
    const old = before.get(m.token);
    return old !== undefined && dictionaryList(old.dictionaries) !== dictionaryList(m.dictionaries);
  });
  const dropped = a.mappings.filter((m) => !after.has(m.token));
  return [
    ...mappingStatements(b, 'drop', dropped),
    ...mappingStatements(b, 'alter', altered),
    ...mappingStatements(b, 'add', added),
  ];
}

/** One statement per list of dictionaries, naming every token type mapped to it. */
function mappingStatements(c: TextSearchConfiguration, action: 'add' | 'alter' | 'drop', mappings: readonly TextSearchMapping[]): string[] {
  const at = `alter text search configuration ${qname(c)}`;
  if (action === 'drop') return mappings.length > 0 ? [`${at} drop mapping for ${mappings.map((m) => m.token).join(', ')};`] : [];
  const groups = new Map<string, string[]>();
  for (const m of mappings) {
    const list = dictionaryList(m.dictionaries);
    groups.set(list, [...(groups.get(list) ?? []), m.token]);
  }
  return [...groups].map(([dicts, tokens]) => `${at} ${action} mapping for ${tokens.join(', ')} with ${dicts};`);
}

/** The built-in dictionaries by their bare names (as pg_dump writes them), others qualified. */
function dictionaryList(dictionaries: readonly QName[]): string {
  return dictionaries.map((d) => (d.schema === 'pg_catalog' ? ident(d.name) : qname(d))).join(', ');
}
