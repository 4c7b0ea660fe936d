/** What one lexical pass over a PostgreSQL script found (see {@link scanTopLevel}). */
export interface TopLevelScan {
  /** Offsets just after a top-level `;`, about `chunkChars` apart: where the script may be cut. */
  readonly cuts: number[];
  /** Offset of the first Unicode space outside strings, quoted identifiers and comments, or -1. */
  readonly unicodeSpace: number;
}

const isIdentChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0x80;
const isJsSpace = (c: number): boolean => /\s/.test(String.fromCharCode(c));

/**
 * One pass of PostgreSQL's lexical rules (`--` and nested `/* *\/` comments, `''`, `E''` with
 * backslash escapes, `""`, `$tag$` quotes, parentheses) to find top-level `;` without building a
 * parse tree. The cuts only save memory: the parser still checks each piece, and a piece that does
 * not parse on its own (a `BEGIN ATOMIC` body cut in the middle) makes the caller parse the rest of
 * the script whole, so a cut this scan gets wrong costs memory, never a different split.
 * @example scanTopLevel('select 1; select 2;', 1).cuts // [9, 19]
 */
export function scanTopLevel(script: string, chunkChars: number): TopLevelScan {
  const cuts: number[] = [];
  const n = script.length;
  let depth = 0;
  let last = 0;
  let i = 0;
  const stop = (): TopLevelScan => ({ cuts, unicodeSpace: -1 }); // unterminated: the parser reports it
  while (i < n) {
    const c = script.charCodeAt(i);
    const next = script.charCodeAt(i + 1);
    if (c === 45 && next === 45) {
      i += 2;
      while (i < n && script.charCodeAt(i) !== 10 && script.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && next === 42) {
      const e = endOfComment(script, i);
      if (e < 0) return stop();
      i = e;
    } else if (c === 39) {
      const e = endOfString(script, i, isEscapeString(script, i));
      if (e < 0) return stop();
      i = e;
    } else if (c === 34) {
      const e = endOfString(script, i, false);
      if (e < 0) return stop();
      i = e;
    } else if (c === 36 && !(i > 0 && isIdentChar(script.charCodeAt(i - 1)))) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(script.slice(i, i + 64))?.[0];
      if (tag === undefined) {
        i++;
        continue;
      }
      const e = script.indexOf(tag, i + tag.length);
      if (e < 0) return stop();
      i = e + tag.length;
    } else if (c >= 0x80 && isJsSpace(c)) {
      return { cuts, unicodeSpace: i };
    } else {
      if (c === 40) depth++;
      else if (c === 41 && depth > 0) depth--;
      else if (c === 59 && depth === 0 && i + 1 - last >= chunkChars) cuts.push((last = i + 1));
      i++;
    }
  }
  return { cuts, unicodeSpace: -1 };
}

/** `E'…'` (or `e'…'`): the quote follows an `E` that is not the end of a longer word. */
function isEscapeString(script: string, quote: number): boolean {
  const p = script.charCodeAt(quote - 1);
  return (p === 69 || p === 101) && !(quote > 1 && isIdentChar(script.charCodeAt(quote - 2)));
}

/** Offset after the quoted text at `at` (`''`/`""` doubling; backslash escapes in `E''`), or -1. */
function endOfString(script: string, at: number, backslash: boolean): number {
  const q = script.charCodeAt(at);
  for (let k = at + 1; k < script.length; k++) {
    const ch = script.charCodeAt(k);
    if (backslash && ch === 92) k++;
    else if (ch === q) {
      if (script.charCodeAt(k + 1) === q) k++;
      else return k + 1;
    }
  }
  return -1;
}

/** Offset after the (nested) block comment at `at`, or -1. */
function endOfComment(script: string, at: number): number {
  let depth = 0;
  for (let k = at; k < script.length - 1; k++) {
    const a = script.charCodeAt(k);
    const b = script.charCodeAt(k + 1);
    if (a === 47 && b === 42) {
      depth++;
      k++;
    } else if (a === 42 && b === 47) {
      k++;
      if (--depth === 0) return k + 1;
    }
  }
  return -1;
}
