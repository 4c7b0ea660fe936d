/** Reading a boolean utility option (`VACUUM (FULL false)`, `REINDEX (CONCURRENTLY off)`) from the parse tree. */
import { asNode, nodeOf } from './ast.js';

/** Spellings PostgreSQL reads as false (its boolean input accepts unique prefixes of `false`, `no`, `off`). */
function falseText(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === '0') return true;
  if (t.length === 0) return false;
  return 'false'.startsWith(t) || 'no'.startsWith(t) || (t.length >= 2 && 'off'.startsWith(t));
}

/**
 * Whether a `DefElem` option node is `name` and switched on: bare (`FULL`), or with a true value
 * (`FULL true`, `FULL 1`, `FULL 'on'`); `FULL false`, `FULL 0`, `FULL off`, `FULL 'false'` are off.
 * @example optionOn({ DefElem: { defname: 'full' } }, 'full') // true
 */
export function optionOn(option: unknown, name: string): boolean {
  const def = asNode(option, 'DefElem');
  if (!def || def['defname'] !== name) return false;
  if (def['arg'] === undefined) return true;
  const [type, value] = nodeOf(def['arg']);
  if (type === 'Integer') return (value['ival'] ?? 0) !== 0;
  if (type === 'Boolean') return value['boolval'] === true;
  if (type === 'String') return !falseText(String(value['sval'] ?? ''));
  return true;
}
