import { ShaleError } from '../../errors.js';
import type { DefaultPrivilege, RangeType, Schema, View } from './model.js';

/** Two models narrowed to what both servers' versions have, and what was left out (one line each). */
export interface CommonGround {
  readonly from: Schema;
  readonly to: Schema;
  readonly notes: readonly string[];
}

/** Privileges that only exist from some major version on (a default ACL of the newer server has them). */
const PRIVILEGE_SINCE: Readonly<Record<string, number>> = { MAINTAIN: 17 };

/** Default privileges on objects that only some major versions have. */
const DEFAULT_OBJECTS_SINCE: Readonly<Record<string, number>> = { 'LARGE OBJECTS': 18 };

/** PostgreSQL 16 prints a view's single-relation query levels without column qualifiers. */
const UNQUALIFIED_VIEWS_SINCE = 16;

const MULTIRANGES_SINCE = 14;

const withoutMultirange = (r: RangeType): RangeType =>
  ({ ...r, multirange: null, constructors: r.constructors.filter((c) => c.of === 'range') });

const major = (v: number) => Math.floor(v / 10000);

/**
 * Comparing a database with one of another PostgreSQL major version (a PostgreSQL 18 dev database,
 * PGlite, against a PostgreSQL 15 target): privileges the older lacks are compared on neither side
 * (else every table would get `revoke maintain`, which PostgreSQL 15 rejects); view texts, which the
 * versions print differently, are compared without column qualifiers; ranges against a server
 * before 14 without their multiranges; and a desired object the
 * database being changed (`from`) cannot have is an E_UNSUPPORTED error rather than SQL it rejects.
 * Same or unknown versions: the models as they are.
 * @example const { from, to, notes } = commonGround(pg15Model, pgliteModel, { privileges: true })
 */
export function commonGround(from: Schema, to: Schema, opts: { readonly privileges: boolean }): CommonGround {
  if (from.serverVersion === null || to.serverVersion === null) return { from, to, notes: [] };
  const [a, b] = [major(from.serverVersion), major(to.serverVersion)];
  if (a === b) return { from, to, notes: [] };
  checkTargetHas(to, a);
  const older = Math.min(a, b);
  const notes = [`comparing PostgreSQL ${a} (from) with PostgreSQL ${b} (to): only what both versions have is compared`];
  const lacking = (p: { readonly privilege: string }) => (PRIVILEGE_SINCE[p.privilege] ?? 0) > older;
  const lackingDefault = (p: DefaultPrivilege) => lacking(p) || (DEFAULT_OBJECTS_SINCE[p.objects] ?? 0) > older;
  const all = [...from.privileges, ...to.privileges, ...from.defaultPrivileges, ...to.defaultPrivileges];
  const left = [...new Set(all.filter(lacking).map((p) => p.privilege))].sort();
  if (opts.privileges) for (const p of left) notes.push(`privilege ${p} is not compared: PostgreSQL ${older} has no ${p}`);
  const objects = [...new Set([...from.defaultPrivileges, ...to.defaultPrivileges].filter((p) => !lacking(p) && lackingDefault(p)).map((p) => p.objects))].sort();
  if (opts.privileges) for (const o of objects) notes.push(`default privileges on ${o.toLowerCase()} are not compared: PostgreSQL ${older} has none`);
  let views = from.views;
  if (older < UNQUALIFIED_VIEWS_SINCE && Math.max(a, b) >= UNQUALIFIED_VIEWS_SINCE) {
    const matched = matchViewTexts(from.views, to.views);
    views = matched.views;
    if (matched.count > 0) notes.push(`${matched.count} view definition(s) compared without column qualifiers (PostgreSQL ${older} and ${Math.max(a, b)} print them differently)`);
  }
  // Multiranges came with PostgreSQL 14: against an older server, ranges are compared without them.
  const ranges = (s: Schema) => (older < MULTIRANGES_SINCE ? s.ranges.map(withoutMultirange) : s.ranges);
  return {
    from: { ...from, views, ranges: ranges(from), privileges: from.privileges.filter((p) => !lacking(p)), defaultPrivileges: from.defaultPrivileges.filter((p) => !lackingDefault(p)) },
    to: { ...to, ranges: ranges(to), privileges: to.privileges.filter((p) => !lacking(p)), defaultPrivileges: to.defaultPrivileges.filter((p) => !lackingDefault(p)) },
    notes,
  };
}

/** A desired column, index, event trigger or publication the database being changed (PostgreSQL `target`) cannot have. */
function checkTargetHas(to: Schema, target: number): void {
  if (target < 18) {
    for (const t of to.tables) {
      const c = t.columns.find((x) => x.local && x.generated?.kind === 'virtual');
      if (c) {
        const object = `${t.schema}.${t.name}.${c.name}`;
        throw new ShaleError('E_UNSUPPORTED', `${object} is a virtual generated column, which PostgreSQL ${target} (the database being changed) does not have: make it STORED in the desired schema`, { object, version: target });
      }
    }
  }
  if (target < 17) {
    const e = to.eventTriggers.find((x) => x.event === 'login');
    if (e) {
      throw new ShaleError('E_UNSUPPORTED', `event trigger ${e.name} fires on login, which PostgreSQL ${target} (the database being changed) does not have`, { object: e.name, version: target });
    }
  }
  if (target < 15) {
    const p = to.publications.find((x) => x.schemas.length > 0 || x.tables.some((t) => t.columns !== null || t.where !== null));
    if (p) {
      throw new ShaleError('E_UNSUPPORTED', `publication ${p.name} has a column list, a row filter or TABLES IN SCHEMA, which PostgreSQL ${target} (the database being changed) does not have`, { object: p.name, version: target });
    }
  }
  if (target < 13) {
    const p = to.publications.find((x) => x.viaPartitionRoot);
    if (p) {
      throw new ShaleError('E_UNSUPPORTED', `publication ${p.name} sets publish_via_partition_root, which PostgreSQL ${target} (the database being changed) does not have`, { object: p.name, version: target });
    }
  }
  if (target < 15) {
    const i = [...to.indexes, ...to.constraints].find((x) => /\bNULLS NOT DISTINCT\b/.test(x.definition));
    if (i) {
      const object = `${i.schema}.${i.name}`;
      throw new ShaleError('E_UNSUPPORTED', `${object} uses NULLS NOT DISTINCT, which PostgreSQL ${target} (the database being changed) does not have`, { object, version: target });
    }
  }
}

/**
 * `from`'s views, each taking `to`'s text when the two differ only by column qualifiers
 * (`t.id` / `id`), so they compare equal; how many did.
 */
function matchViewTexts(from: readonly View[], to: readonly View[]): { views: View[]; count: number } {
  const byName = new Map(to.map((v) => [`${v.schema}.${v.name}`, v]));
  let count = 0;
  const views = from.map((v) => {
    const w = byName.get(`${v.schema}.${v.name}`);
    if (!w || w.definition === v.definition || unqualified(w.definition) !== unqualified(v.definition)) return v;
    count += 1;
    return { ...v, definition: w.definition };
  });
  return { views, count };
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
/**
 * A qualifier `x.` before a column name: not a relation's schema (after FROM/JOIN, ONLY), a type's
 * (after `::`) or a function's (followed by `(`).
 */
const QUALIFIER = new RegExp(String.raw`(?<!\b(?:FROM|JOIN|ONLY)\s+)(?<!::)(?<![\w$".])${IDENT}\.(?=${IDENT}(?![\w$])(?!\s*\(|\.))`, 'g');

/** A view text without column qualifiers: the comparison key across PostgreSQL 15 and 16+. */
export function unqualified(definition: string): string {
  return definition.replace(QUALIFIER, '');
}
