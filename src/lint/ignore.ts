/**
 * `-- shale:lint-ignore CODE[,CODE…] reason` in the comments before a statement ignores those
 * findings on that statement; `-- shale:lint-ignore-file CODE[,CODE…] reason` anywhere in a script
 * ignores them in the whole script. A code may be written as the rule's name. Directives are read
 * from whole comment lines (a `-file` one anywhere in the script, a `--` line in a function body too).
 */

/** One ignore directive: the codes or rule names it names, and the reason given (empty when none). */
export interface IgnoreDirective {
  readonly names: readonly string[];
  readonly reason: string;
  readonly file: boolean;
}

const DIRECTIVE = /^\s*--\s*shale:lint-ignore(-file)?\b[ \t]*([A-Za-z0-9-]+(?:[ \t]*,[ \t]*[A-Za-z0-9-]+)*)?[ \t]*(.*?)\s*$/;

/** The directives in the comment lines of `text`. */
export function ignoreDirectives(text: string): IgnoreDirective[] {
  if (!text.includes('shale:lint-ignore')) return [];
  const out: IgnoreDirective[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = DIRECTIVE.exec(line);
    if (!m) continue;
    out.push({ file: m[1] !== undefined, names: (m[2] ?? '').split(',').map((n) => n.trim()).filter(Boolean), reason: (m[3] ?? '').trim() });
  }
  return out;
}

/** The comment lines before a statement's first token (its own text is not read: a string may hold anything). */
export function leadingComments(statementText: string): string {
  const lines: string[] = [];
  for (const line of statementText.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('--')) lines.push(line);
    else break;
  }
  return lines.join('\n');
}
