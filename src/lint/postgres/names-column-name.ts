/**
 * The name PostgreSQL gives a select-list column without `AS` (the parser's FigureColname): a
 * column reference's last field, a function's name, a cast's type, `?column?` for a constant…
 */
import { asNode, type AstNode, list, names, nodeOf } from './ast.js';

/** The name and how sure PostgreSQL is of it: 2 a real name, 1 a fallback (`case`, a cast's type), 0 none. */
type Figured = { readonly name: string; readonly strength: 0 | 1 | 2 } | null;

/** PostgreSQL's placeholder name for a column it can name nothing better. */
export const NO_COLUMN_NAME = '?column?';

/**
 * The column name of a select-list entry (a `ResTarget`): its alias, else the name PostgreSQL
 * infers from the expression; null for a `*` entry, whose names are the table's.
 * @example targetColumnName(<select 1::text>) // 'text'
 */
export function targetColumnName(target: AstNode): string | null {
  if (typeof target['name'] === 'string') return target['name'];
  const val = target['val'];
  const ref = asNode(val, 'ColumnRef');
  if (ref && list(ref['fields']).some((f) => asNode(f, 'A_Star'))) return null;
  return figure(val)?.name ?? NO_COLUMN_NAME;
}

const SQL_VALUE_FUNCTIONS: Readonly<Record<string, string>> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

/** Names that depend only on the node type. */
const FIXED: Readonly<Record<string, string>> = {
  A_ArrayExpr: 'array',
  RowExpr: 'row',
  CoalesceExpr: 'coalesce',
  GroupingFunc: 'grouping',
  XmlSerialize: 'xmlserialize',
  MergeSupportFunc: 'merge_action',
  JsonObjectConstructor: 'json_object',
  JsonArrayConstructor: 'json_array',
  JsonArrayQueryConstructor: 'json_array',
  JsonObjectAgg: 'json_objectagg',
  JsonArrayAgg: 'json_arrayagg',
  JsonParseExpr: 'json',
  JsonScalarExpr: 'json_scalar',
  JsonSerializeExpr: 'json_serialize',
};

const lastString = (items: unknown): string | undefined =>
  list(items)
    .map((i) => asNode(i, 'String')?.['sval'] as string | undefined)
    .filter((s): s is string => s !== undefined)
    .pop();

function figure(expr: unknown): Figured {
  const [type, n] = nodeOf(expr);
  const fixed = FIXED[type];
  if (fixed) return { name: fixed, strength: 2 };
  switch (type) {
    case 'ColumnRef':
    case 'A_Indirection': {
      const name = lastString(type === 'ColumnRef' ? n['fields'] : n['indirection']);
      return name ? { name, strength: 2 } : type === 'A_Indirection' ? figure(n['arg']) : null;
    }
    case 'FuncCall': {
      const name = names(n['funcname']).pop();
      return name ? { name, strength: 2 } : null;
    }
    case 'A_Expr':
      return n['kind'] === 'AEXPR_NULLIF' ? { name: 'nullif', strength: 2 } : null;
    case 'TypeCast':
    case 'CollateClause':
      return castName(type, n);
    case 'CaseExpr': {
      const inner = figure(n['defresult']);
      return inner && inner.strength > 1 ? inner : { name: 'case', strength: 1 };
    }
    case 'MinMaxExpr':
      return { name: n['op'] === 'IS_LEAST' ? 'least' : 'greatest', strength: 2 };
    case 'SQLValueFunction': {
      const name = SQL_VALUE_FUNCTIONS[String(n['op'])];
      return name ? { name, strength: 2 } : null;
    }
    case 'XmlExpr':
      return xmlName(n);
    case 'SubLink':
      return subLinkName(n);
    default:
      return null;
  }
}

function castName(type: string, n: AstNode): Figured {
  const inner = figure(n['arg']);
  if (type === 'CollateClause' || (inner && inner.strength > 1)) return inner;
  const name = names((n['typeName'] as AstNode | undefined)?.['names']).pop();
  return name ? { name, strength: 1 } : inner;
}

const XML_OPS: Readonly<Record<string, string>> = {
  IS_XMLCONCAT: 'xmlconcat',
  IS_XMLELEMENT: 'xmlelement',
  IS_XMLFOREST: 'xmlforest',
  IS_XMLPARSE: 'xmlparse',
  IS_XMLPI: 'xmlpi',
  IS_XMLROOT: 'xmlroot',
  IS_XMLSERIALIZE: 'xmlserialize',
};

function xmlName(n: AstNode): Figured {
  const name = XML_OPS[String(n['op'])];
  return name ? { name, strength: 2 } : null;
}

function subLinkName(n: AstNode): Figured {
  switch (n['subLinkType']) {
    case 'EXISTS_SUBLINK':
      return { name: 'exists', strength: 2 };
    case 'ARRAY_SUBLINK':
      return { name: 'array', strength: 2 };
    case 'EXPR_SUBLINK': {
      // A scalar subquery is named after its single column.
      const target = asNode(list(leftmostSelect(asNode(n['subselect'], 'SelectStmt') ?? {})['targetList'])[0], 'ResTarget');
      const name = target ? targetColumnName(target) : null;
      return name && name !== NO_COLUMN_NAME ? { name, strength: 2 } : null;
    }
    default:
      return null;
  }
}

/** The SELECT whose select list names a query's columns: the leftmost arm of a UNION/INTERSECT/EXCEPT. */
export function leftmostSelect(select: AstNode): AstNode {
  let s = select;
  while (s['op'] && s['op'] !== 'SETOP_NONE' && s['larg']) s = s['larg'] as AstNode;
  return s;
}
