import type { Change } from './change.js';
import type { Schema, TextSearchConfiguration } from './model.js';
import { KeySet, keys, type ObjectKey } from '../keys.js';
import { matchByKey, sameData } from '../diff-match.js';
import type { EditList } from '../edit-list.js';

/**
 * Text search dictionaries and configurations. A new template or parser is a drop and a create
 * (what uses the configuration is recreated around it: see diff-recreate.ts); new dictionary
 * options or mappings are altered in place.
 */
export function diffTextSearch(from: Schema, to: Schema, out: EditList<Change>): void {
  const d = matchByKey(from.textSearchDictionaries, to.textSearchDictionaries);
  for (const x of d.added) out.add({ kind: 'createTsDictionary', dictionary: x }, 'create', x.key);
  for (const x of d.removed) out.add({ kind: 'dropTsDictionary', dictionary: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of d.both) {
    if (sameData(a, b)) continue;
    if (a.template === b.template) out.add({ kind: 'alterTsDictionary', from: a, to: b }, 'alter', b.key);
    else {
      out.add({ kind: 'dropTsDictionary', dictionary: a, recreate: false }, 'drop', a.key);
      out.add({ kind: 'createTsDictionary', dictionary: b }, 'create', b.key);
    }
  }
  // Dictionaries dropped for good or for a new template: a configuration that maps to one before
  // and after cannot keep its mapping while it is dropped, so it is recreated rather than altered.
  const redone = new KeySet([...d.removed.map((x) => x.key), ...d.both.filter(([a, b]) => a.template !== b.template).map(([a]) => a.key)]);
  const c = matchByKey(from.textSearchConfigurations, to.textSearchConfigurations);
  for (const x of c.added) out.add({ kind: 'createTsConfiguration', configuration: x }, 'create', x.key);
  for (const x of c.removed) out.add({ kind: 'dropTsConfiguration', configuration: x, recreate: false }, 'drop', x.key);
  for (const [a, b] of c.both) {
    if (sameData(a, b)) continue;
    const before = new KeySet(dictionaryKeys(a));
    const blocked = dictionaryKeys(b).some((k) => redone.has(k) && before.has(k));
    if (a.parser === b.parser && !blocked) out.add({ kind: 'alterTsConfiguration', from: a, to: b }, 'alter', b.key);
    else {
      out.add({ kind: 'dropTsConfiguration', configuration: a, recreate: a.parser === b.parser }, 'drop', a.key);
      out.add({ kind: 'createTsConfiguration', configuration: b }, 'create', b.key);
    }
  }
}

const dictionaryKeys = (c: TextSearchConfiguration): ObjectKey[] =>
  c.mappings.flatMap((m) => m.dictionaries.map((x) => keys.tsDictionary(x.schema, x.name)));
