import { ShaleError } from '../../errors.js';
import { keys } from '../keys.js';
import type { TextSearchConfiguration, TextSearchDictionary, TextSearchMapping, TextSearchOption } from './model.js';
import type { InspectScope } from './introspect-scope.js';
import { json, str, strOrNull, type Row } from './introspect-rows.js';

/** Text search dictionaries (Q_TS_DICTIONARIES) in inspected schemas, but an extension's. */
export function readTsDictionaries(rows: readonly Row[], scope: InspectScope): TextSearchDictionary[] {
  const out: TextSearchDictionary[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    if (!scope.inScope(schema) || scope.isMember('pg_ts_dict', oid)) continue;
    const key = keys.tsDictionary(schema, str(r.name));
    scope.oids.set('pg_ts_dict', oid, key);
    out.push({ key, schema, name: str(r.name), template: str(r.template), options: parseDictOptions(strOrNull(r.options)) });
  }
  return out;
}

/** Text search configurations (Q_TS_CONFIGURATIONS) in inspected schemas, but an extension's. */
export function readTsConfigurations(rows: readonly Row[], scope: InspectScope): TextSearchConfiguration[] {
  const out: TextSearchConfiguration[] = [];
  for (const r of rows) {
    const oid = str(r.oid);
    const schema = str(r.schema);
    if (!scope.inScope(schema) || scope.isMember('pg_ts_config', oid)) continue;
    const key = keys.tsConfiguration(schema, str(r.name));
    scope.oids.set('pg_ts_config', oid, key);
    out.push({ key, schema, name: str(r.name), parser: str(r.parser), mappings: json<TextSearchMapping[]>(r.mappings) ?? [] });
  }
  return out;
}

/**
 * One option: a name (an identifier, quoted if it must be) `=` a string literal (E'…' when it has
 * backslashes), as the server's serialize_deflist writes dictinitoption.
 */
const OPTION = /\s*("(?:[^"]|"")+"|[^\s=,]+)\s*=\s*(E?'(?:[^'\\]|''|\\.)*')\s*(?:,|$)/y;

/** dictinitoption (`stopwords = 'english', accept = 'false'`) as name/value pairs, in order. */
export function parseDictOptions(text: string | null): TextSearchOption[] {
  if (text === null || text.trim() === '') return [];
  const out: TextSearchOption[] = [];
  OPTION.lastIndex = 0;
  while (OPTION.lastIndex < text.length) {
    const m = OPTION.exec(text);
    if (!m) throw new ShaleError('E_INTERNAL', `unexpected text search dictionary options: ${text}`, { options: text });
    out.push({ name: m[1] ?? '', value: m[2] ?? '' });
  }
  return out;
}
