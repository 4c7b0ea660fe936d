/** A unified diff of two texts (`shale lint --fix` shows its rewrites as one), lines compared exactly. */

/** `--- a/<file>` / `+++ b/<file>` and hunks with `context` lines around each change; '' when equal. */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = editScript(a, b);
  const hunks = hunksOf(ops, context);
  const out = [`--- a/${file}`, `+++ b/${file}`];
  for (const h of hunks) {
    out.push(`@@ -${h.aStart + 1},${h.aLen} +${h.bStart + 1},${h.bLen} @@`);
    for (const op of ops.slice(h.from, h.to)) out.push(`${op.kind === 'same' ? ' ' : op.kind === 'del' ? '-' : '+'}${op.line}`);
  }
  return `${out.join('\n')}\n`;
}

interface Op {
  readonly kind: 'same' | 'del' | 'add';
  readonly line: string;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The lines kept, deleted and added: common head and tail first, then a longest common subsequence
 * of what is left (a fix changes a few lines of a file, so the middle is small).
 */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const same = (line: string): Op => ({ kind: 'same', line });
  return [...a.slice(0, head).map(same), ...middle(midA, midB), ...a.slice(a.length - tail).map(same)];
}

function middle(a: readonly string[], b: readonly string[]): Op[] {
  // Too big for a table of common lengths: everything in it changed.
  if (a.length * b.length > 4_000_000) return [...a.map((line): Op => ({ kind: 'del', line })), ...b.map((line): Op => ({ kind: 'add', line }))];
  const n = a.length;
  const m = b.length;
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const out: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ kind: 'same', line: a[i++]! });
      j++;
    } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) out.push({ kind: 'del', line: a[i++]! });
    else out.push({ kind: 'add', line: b[j++]! });
  }
  return out;
}

interface Hunk {
  readonly from: number;
  readonly to: number;
  readonly aStart: number;
  readonly aLen: number;
  readonly bStart: number;
  readonly bLen: number;
}

/** Runs of changes with their context, merged where the context of two runs touches. */
function hunksOf(ops: readonly Op[], context: number): Hunk[] {
  const changed = ops.map((o, i) => (o.kind === 'same' ? -1 : i)).filter((i) => i >= 0);
  const ranges: [number, number][] = [];
  for (const i of changed) {
    const from = Math.max(0, i - context);
    const to = Math.min(ops.length, i + context + 1);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  return ranges.map(([from, to]) => {
    const before = ops.slice(0, from);
    const inside = ops.slice(from, to);
    const count = (list: readonly Op[], kind: 'del' | 'add') => list.filter((o) => o.kind === 'same' || o.kind === kind).length;
    return { from, to, aStart: count(before, 'del'), aLen: count(inside, 'del'), bStart: count(before, 'add'), bLen: count(inside, 'add') };
  });
}
