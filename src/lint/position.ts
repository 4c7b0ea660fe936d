/** Where a statement starts, in characters of its script, skipping the blanks and comments before it. */
export function firstTokenOffset(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') i++;
    else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? to : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? to : end + 2;
    } else break;
  }
  return Math.min(i, to);
}

/**
 * 1-based line and column of character `offset` of a script that starts on line `firstLine` of its
 * file. `lineStarts` is {@link lineStartsOf} the script.
 */
export function lineColumn(lineStarts: readonly number[], offset: number, firstLine: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: firstLine + lo, column: offset - lineStarts[lo]! + 1 };
}

/** Character offsets where each line of `text` starts. */
export function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}
