/** Compare two digit strings as numbers of any size (leading zeros ignored). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

const CHUNK_RE = /\d+|\D+/g;

/**
 * Natural order: runs of digits compare as numbers (`2` before `10`), other runs as strings;
 * ties (e.g. `01` vs `1`) fall back to plain string order so the result is total.
 */
export function compareNatural(a: string, b: string): number {
  const xs = a.match(CHUNK_RE) ?? [];
  const ys = b.match(CHUNK_RE) ?? [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    const xd = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yd = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    let c: number;
    if (xd && yd) c = compareDigits(x, y);
    else c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  if (xs.length !== ys.length) return xs.length - ys.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Flyway versions: dot-separated numeric parts compared part by part; trailing zero parts do not count. */
export function compareVersions(a: string, b: string): number {
  const xs = a.split('.');
  const ys = b.split('.');
  const n = Math.max(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(xs[i] ?? '0', ys[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}
