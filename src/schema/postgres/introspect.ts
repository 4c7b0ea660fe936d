import type { Queryable } from '../../adapters/adapter.js';
import type { InspectOptions } from '../dialect.js';
import type { Schema } from './model.js';
import * as Q from './introspect-queries.js';
import type { Row } from './introspect-rows.js';
import { inspectScope } from './introspect-scope.js';
import { finishDomains, readCollations, readEnumLabels, readExtensions, readSchemas, readTypes } from './introspect-types.js';
import {
  readAttrdefs, readColumns, readIdentitySequences, readInherits, readRelations, readSequenceRows, registerRelations,
} from './introspect-relations.js';
import {
  readConstraintIndexParents, readConstraints, readFunctions, readIndexes, readPolicies, readRules, readStatistics, readTriggers, readUnsupported,
} from './introspect-objects.js';
import { readAggregates } from './introspect-aggregates.js';
import { readRanges } from './introspect-ranges.js';
import { readBaseTypes, withoutBoundCycles } from './introspect-base-types.js';
import { readOperatorClasses, readOperatorFamilies, readOperators } from './introspect-operators.js';
import { readTsConfigurations, readTsDictionaries } from './introspect-text-search.js';
import { readPublications } from './introspect-publications.js';
import { readForeign } from './introspect-foreign.js';
import { readEventTriggers, readUserCasts } from './introspect-global.js';
import { readDependencies } from './introspect-depends.js';
import { readComments, readDefaultPrivileges, readOwners, readPrivileges } from './introspect-acl.js';
import { readCasts } from './introspect-casts.js';

export type { InspectOptions };

type Rows = Record<keyof typeof QUERIES, Row[]>;

const QUERIES = {
  version: Q.Q_SERVER_VERSION,
  schemas: Q.Q_SCHEMAS,
  members: Q.Q_EXTENSION_MEMBERS,
  extensions: Q.Q_EXTENSIONS,
  collations: Q.Q_COLLATIONS,
  types: Q.Q_TYPES,
  ranges: Q.Q_RANGES,
  baseTypes: Q.Q_BASE_TYPES,
  enumLabels: Q.Q_ENUM_LABELS,
  relations: Q.Q_RELATIONS,
  inherits: Q.Q_INHERITS,
  columns: Q.Q_COLUMNS,
  attrdefs: Q.Q_ATTRDEFS,
  sequences: Q.Q_SEQUENCES,
  sequenceOwners: Q.Q_SEQUENCE_OWNERS,
  indexes: Q.Q_INDEXES,
  constraints: Q.Q_CONSTRAINTS,
  functions: Q.Q_FUNCTIONS,
  triggers: Q.Q_TRIGGERS,
  policies: Q.Q_POLICIES,
  rules: Q.Q_RULES,
  statistics: Q.Q_STATISTICS,
  tsDictionaries: Q.Q_TS_DICTIONARIES,
  tsConfigurations: Q.Q_TS_CONFIGURATIONS,
  eventTriggers: Q.Q_EVENT_TRIGGERS,
  publications: Q.Q_PUBLICATIONS,
  publicationTables: Q.qPublicationTables,
  publicationSchemas: Q.qPublicationSchemas,
  foreignDataWrappers: Q.Q_FOREIGN_DATA_WRAPPERS,
  foreignServers: Q.Q_FOREIGN_SERVERS,
  userMappings: Q.Q_USER_MAPPINGS,
  foreignTables: Q.Q_FOREIGN_TABLES,
  aggregates: Q.Q_AGGREGATES,
  operators: Q.Q_OPERATORS,
  operatorFamilies: Q.Q_OPERATOR_FAMILIES,
  operatorClasses: Q.Q_OPERATOR_CLASSES,
  operatorMembers: Q.Q_OPERATOR_MEMBERS,
  userCasts: Q.Q_USER_CASTS,
  privileges: Q.Q_PRIVILEGES,
  defaultPrivileges: Q.Q_DEFAULT_PRIVILEGES,
  owners: Q.Q_OWNERS,
  comments: Q.Q_COMMENTS,
  depends: Q.Q_DEPENDS,
  rewrites: Q.Q_REWRITES,
  unsupported: Q.Q_UNSUPPORTED,
  casts: Q.Q_CASTS,
  castTypes: Q.Q_CAST_TYPES,
} as const;

/**
 * Read a PostgreSQL database's schema into plain data, with one catalog query per object kind.
 * Needs a single session (it sets `search_path` to `pg_catalog` while reading, so every name the
 * server renders comes back schema-qualified, then restores it).
 * @example const schema = await inspect(client, { excludeSchemas: ['audit'] })
 */
export async function inspect(db: Queryable, opts: InspectOptions = {}): Promise<Schema> {
  const saved = await db.query<{ p: string }>(`select current_setting('search_path') as p`);
  await db.query(`select set_config('search_path', 'pg_catalog', false)`);
  let rows: Rows;
  try {
    const names = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
    const out: Partial<Rows> = {};
    // The version comes first: a few queries name columns only some versions have.
    let version = 0;
    for (const n of names) {
      const q = QUERIES[n];
      out[n] = (await db.query<Row>(typeof q === 'string' ? q : q(version))).rows;
      if (n === 'version') version = Number(out.version?.[0]?.v) || 0;
    }
    rows = out as Rows;
  } finally {
    await db.query(`select set_config('search_path', $1, false)`, [saved.rows[0]?.p ?? '"$user", public']);
  }
  return buildSchema(rows, opts);
}

/**
 * The model from the catalog rows, one builder per query. Order matters where builders map oids to
 * keys for later ones: relations (and their columns) first, since row types, defaults, constraints,
 * privileges and dependencies name them; privileges, comments and dependencies last.
 */
function buildSchema(rows: Rows, opts: InspectOptions): Schema {
  const scope = inspectScope(rows.members, opts);
  const schemas = readSchemas(rows.schemas, scope);
  const extensions = readExtensions(rows.extensions, scope, !opts.schemas || opts.schemas.length === 0);
  const collations = readCollations(rows.collations, scope);
  registerRelations(rows.relations, rows.columns, scope.oids);
  const sequenceRows = readSequenceRows(rows.sequences, rows.sequenceOwners);
  const columns = readColumns(rows.columns, readIdentitySequences(sequenceRows, scope.oids));
  // Ranges and base types before the other types: arrays of them (and multiranges) map to their key.
  const ranges = readRanges(rows.ranges, scope);
  const baseTypes = readBaseTypes(rows.baseTypes, scope);
  const types = readTypes(rows.types, readEnumLabels(rows.enumLabels), columns, scope);
  readAttrdefs(rows.attrdefs, scope.oids);
  const parents = readInherits(rows.inherits);
  const relations = readRelations(rows.relations, { columns, parents, sequences: sequenceRows }, scope);
  const ownConstraints = readConstraints(rows.constraints, types.domains, scope);
  const indexes = readIndexes(rows.indexes, parents, scope);
  const constraints = readConstraintIndexParents(ownConstraints, rows.constraints, parents, scope);
  const { functions, languages } = readFunctions(rows.functions, scope);
  const global = { scope, allSchemas: !opts.schemas || opts.schemas.length === 0 };
  const version = Number(rows.version[0]?.v);
  const model = {
    serverVersion: Number.isSafeInteger(version) && version > 0 ? version : null,
    schemas, extensions, collations, enums: types.enums, domains: finishDomains(types.domains), composites: types.composites, ranges, baseTypes,
    sequences: relations.sequences, tables: relations.tables, views: relations.views, functions, indexes, constraints,
    triggers: readTriggers(rows.triggers, scope), policies: readPolicies(rows.policies, scope),
    rules: readRules(rows.rules, scope), statistics: readStatistics(rows.statistics, scope),
    textSearchDictionaries: readTsDictionaries(rows.tsDictionaries, scope),
    textSearchConfigurations: readTsConfigurations(rows.tsConfigurations, scope),
    eventTriggers: readEventTriggers(rows.eventTriggers, global), aggregates: readAggregates(rows.aggregates, scope),
    operators: readOperators(rows.operators, scope),
    operatorFamilies: readOperatorFamilies(rows.operatorFamilies, rows.operatorMembers, scope),
    operatorClasses: readOperatorClasses(rows.operatorClasses, rows.operatorMembers, scope),
    userCasts: readUserCasts(rows.userCasts, global),
    publications: readPublications({ publications: rows.publications, tables: rows.publicationTables, schemas: rows.publicationSchemas }, global),
    ...readForeign(
      { wrappers: rows.foreignDataWrappers, servers: rows.foreignServers, userMappings: rows.userMappings, tables: rows.foreignTables },
      relations.foreignTables, global,
    ),
    unsupported: [...relations.unsupported, ...readUnsupported(rows.unsupported, scope)],
  };
  return {
    ...model,
    privileges: readPrivileges(rows.privileges, scope.oids, model),
    defaultPrivileges: readDefaultPrivileges(rows.defaultPrivileges, global),
    owners: readOwners(rows.owners, scope.oids, model),
    comments: readComments(rows.comments, scope.oids, model),
    dependencies: withoutBoundCycles(readDependencies(rows.depends, rows.rewrites, scope.oids, functions, languages, model), baseTypes),
    casts: readCasts(rows.casts, rows.castTypes),
  };
}
