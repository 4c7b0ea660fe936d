import { ShaleError } from '../../errors.js';
import type { DiffOptions, UsingHint } from '../dialect.js';
import { castability } from './casts.js';
import type { Column, Schema, Table } from './model.js';

/** How a column's type change is planned: ALTER … USING (the default cast, or a hint's), or drop + add. */
export type Retype = { readonly how: 'alter'; readonly using?: string } | { readonly how: 'recreate' };

/** What {@link retypeOf} decides with: both cast catalogs, the hints, and whether data may be lost. */
export interface RetypeRules {
  readonly from: Schema;
  readonly to: Schema;
  readonly unsafe: boolean;
  readonly hints: ReadonlyMap<string, UsingHint>;
}

export function retypeRules(from: Schema, to: Schema, opts: DiffOptions): RetypeRules {
  const hints = new Map((opts.usingHints ?? []).map((h) => [hintId(h.table.schema, h.table.name, h.column), h]));
  return { from, to, unsafe: opts.unsafe === true, hints };
}

const hintId = (schema: string, table: string, column: string) => JSON.stringify([schema, table, column]);

/**
 * A type change of `t`'s column `old` → `c`: with a `-- shale:using` hint, its expression; else the
 * cast the server has (`castViaText`: through text, for enums); with none, drop + add under
 * `unsafe`, else E_UNSUPPORTED naming the column and both ways out.
 */
export function retypeOf(t: Table, old: Column, c: Column, castViaText: boolean, rules: RetypeRules): Retype {
  const hint = rules.hints.get(hintId(t.schema, t.name, c.name));
  if (hint) return { how: 'alter', using: hint.expression };
  if (old.type === c.type || castViaText) return { how: 'alter' };
  if (castability(rules.from.casts, rules.to.casts, old.type, c.type) !== 'none') return { how: 'alter' };
  if (rules.unsafe) return { how: 'recreate' };
  const object = `${t.schema}.${t.name}.${c.name}`;
  throw new ShaleError(
    'E_UNSUPPORTED',
    `cannot change the type of ${object} from ${old.type} to ${c.type}: PostgreSQL has no cast between them. ` +
      `Say how to convert on the column in the desired schema (\`-- shale:using <expression>\` on the line before it, e.g. \`-- shale:using ${c.name}::text::${c.type}\`), ` +
      'or pass --unsafe to drop the column and add it again (its values are lost)',
    { object, from: old.type, to: c.type },
  );
}
