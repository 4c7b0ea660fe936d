// Migration ids come from file names, which may hold a newline or another control character. Printed
// raw, such an id splits a status row or an error line in two; the CLI shows it escaped, JSON-style.

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const ESCAPABLE = /[\\"\p{Cc}\u2028\u2029]/gu;
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\\': '\\\\', '"': '\\"' };

/**
 * An id as the CLI prints it: unchanged unless it holds a control character; then escaped as inside
 * a JSON string (`\n`, `\t`, `\u001b`, and `\\` and `\"` so the escaping reads back unambiguously).
 * @example displayId('0002_a\nb') // '0002_a\\nb'
 */
export function displayId(id: string): string {
  if (!CONTROL.test(id)) return id;
  return id.replace(ESCAPABLE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Strings among a value's details (`id`, `file`, `files`, …), one level deep. */
function detailStrings(details: unknown): string[] {
  if (details === null || typeof details !== 'object') return [];
  return Object.values(details).flatMap((v: unknown) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));
}

/**
 * A library message with the ids and file names of its details escaped as {@link displayId} does,
 * before the CLI folds the message onto one line (which would turn an id's newline into a space).
 */
export function displayMessage(message: string, details: unknown): string {
  const names = [...new Set(detailStrings(details).filter((s) => CONTROL.test(s)))].sort((a, b) => b.length - a.length);
  let out = message;
  for (const name of names) out = out.split(name).join(displayId(name));
  return out;
}
