/** Compare two digit strings as numbers of any size (leading zeros ignored). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * {@link compareDigits} of the digit runs `a[i, ie)` and `b[j, je)`, read in place: a sort of
 * 10,000 ids compares ~130,000 pairs, and slices and regular expressions there were most of it.
 */
function compareDigitRuns(a: string, i: number, ie: number, b: string, j: number, je: number): number {
  while (i < ie - 1 && a.charCodeAt(i) === 48) i++;
  while (j < je - 1 && b.charCodeAt(j) === 48) j++;
  if (ie - i !== je - j) return ie - i - (je - j);
  for (; i < ie; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Natural order: runs of digits compare as numbers (`2` before `10`), other characters one by one
 * (so `post-apply.sql` sorts before `post-apply2.sql`, as `.` sorts before `2`); ties (e.g. `01` vs
 * `1`) fall back to plain string order so the result is total.
 */
export function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (isDigit(x) && isDigit(y)) {
      let ie = i;
      let je = j;
      while (ie < a.length && isDigit(a.charCodeAt(ie))) ie++;
      while (je < b.length && isDigit(b.charCodeAt(je))) je++;
      const c = compareDigitRuns(a, i, ie, b, j, je);
      if (c !== 0) return c;
      i = ie;
      j = je;
    } else {
      if (x !== y) return x - y;
      i++;
      j++;
    }
  }
  if (i < a.length || j < b.length) return i < a.length ? 1 : -1;
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

/** A key equal for two versions exactly when {@link compareVersions} says they are equal (`1.0` and `01` give `1`). */
export function versionKey(v: string): string {
  const parts = v.split('.').map((p) => p.replace(/^0+(?=\d)/, ''));
  while (parts.length > 1 && parts[parts.length - 1] === '0') parts.pop();
  return parts.join('.');
}
