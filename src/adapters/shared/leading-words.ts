/** A token of a statement's head: a word (upper-cased), a quoted identifier (unquoted), or one punctuation character. */
export interface HeadToken {
  readonly kind: 'word' | 'ident' | 'punct';
  readonly text: string;
  /** As written (a word's case kept). */
  readonly raw: string;
}

/**
 * The first `max` tokens of `sql` after its comments: enough to tell what kind of statement it is
 * without a full parser. `#` starts a comment where the dialect says (MySQL); MySQL's executable
 * comments (`/*! … *\/`) are read as the statement they hold; string literals are skipped.
 */
export function headTokens(sql: string, max: number, opts: { readonly hashComments?: boolean } = {}): HeadToken[] {
  const out: HeadToken[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n && out.length < max) {
    const c = sql[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '-' && sql[i + 1] === '-') i = lineEnd(sql, i);
    else if (c === '#' && opts.hashComments) i = lineEnd(sql, i);
    else if (c === '/' && sql[i + 1] === '*') {
      if (sql[i + 2] === '!' && opts.hashComments) {
        i += 3;
        while (i < n && /\d/.test(sql[i]!)) i++;
      } else {
        const end = sql.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      }
    } else if (c === '*' && sql[i + 1] === '/') i += 2;
    else if (c === '`' || c === '"' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      let text = '';
      while (j < n) {
        if (sql[j] === close && sql[j + 1] === close && close !== ']') {
          text += close;
          j += 2;
        } else if (sql[j] === close) break;
        else text += sql[j++];
      }
      out.push({ kind: 'ident', text, raw: text });
      i = j + 1;
    } else if (c === "'") {
      // A string literal: skipped ('' and backslash escapes), it names nothing.
      let j = i + 1;
      for (;;) {
        while (j < n && sql[j] !== "'") j += sql[j] === '\\' ? 2 : 1;
        if (sql[j + 1] !== "'") break;
        j += 2;
      }
      i = j + 1;
    } else if (/[\p{L}\p{N}_$]/u.test(c)) {
      let j = i;
      while (j < n && /[\p{L}\p{N}_$]/u.test(sql[j]!)) j++;
      out.push({ kind: 'word', text: sql.slice(i, j).toUpperCase(), raw: sql.slice(i, j) });
      i = j;
    } else {
      out.push({ kind: 'punct', text: c, raw: c });
      i++;
    }
  }
  return out;
}

function lineEnd(sql: string, i: number): number {
  const end = sql.indexOf('\n', i);
  return end < 0 ? sql.length : end + 1;
}

/** The upper-cased words of a head, punctuation and identifiers left out. */
export function headWords(tokens: readonly HeadToken[]): string[] {
  return tokens.filter((t) => t.kind === 'word').map((t) => t.text);
}
