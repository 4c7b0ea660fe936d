// The SQLite splitter: trigger bodies, CASE … END, quotes and comments; every split runs on SQLite.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { splitSqlite } from '../../src/adapters/sqlite/splitter.js';
import { createMigrator, isShaleError, memorySource } from '../../src/index.js';

const texts = (script: string) => splitSqlite(script).map((s) => s.sql);

/** Every statement must be complete: SQLite runs each one on its own. */
function runsOnSqlite(script: string, setup = ''): Database.Database {
  const db = new Database(':memory:');
  if (setup) db.exec(setup);
  for (const s of splitSqlite(script)) db.prepare(s.sql).run();
  return db;
}

describe('sqlite splitter', () => {
  it('a trigger is one statement: nested CASE … END, semicolons in strings, comments and quoted names', () => {
    const script = [
      'create table t (id integer primary key, v text, "end" text, [case] text);',
      'create table audit (msg text);',
      'CREATE TEMP TRIGGER IF NOT EXISTS tr AFTER INSERT ON t',
      'WHEN CASE WHEN new.v IS NULL THEN 0 ELSE 1 END',
      'BEGIN',
      "  -- a comment; with END; in it",
      "  INSERT INTO audit VALUES (CASE new.v WHEN 'a;b' THEN 'x;END' ELSE CASE WHEN new.id > 1 THEN 'big' ELSE 'small' END END);",
      '  /* END; */ UPDATE t SET "end" = \'e;\', [case] = \'c\' WHERE id = new.id;',
      'END;',
      "insert into t (id, v) values (1, 'a;b'), (2, 'z'), (3, null);",
    ].join('\n');
    const parts = texts(script);
    assert.equal(parts.length, 4);
    assert.match(parts[2]!, /^CREATE TEMP TRIGGER[\s\S]*END$/);
    const db = runsOnSqlite(script, 'create table c (x int);');
    assert.deepEqual(db.prepare('select msg from audit order by rowid').all(), [{ msg: 'x;END' }, { msg: 'big' }]);
  });

  it('columns named end, begin and case after a dot do not open or close the body', () => {
    const script = [
      'create table r (id integer, "begin" int, "end" int, "case" int);',
      'create table log (a int, b int, c int);',
      'create trigger tr after insert on r begin insert into log values (new.begin, new. end, new."case"); end;',
      'insert into r values (1, 2, 3, 4);',
    ].join('\n');
    assert.equal(texts(script).length, 4);
    const db = runsOnSqlite(script);
    assert.deepEqual(db.prepare('select * from log').all(), [{ a: 2, b: 3, c: 4 }]);
  });

  it('statements outside triggers split at every semicolon; BEGIN/COMMIT are statements of their own', () => {
    assert.deepEqual(texts('-- transaction: false\nPRAGMA foreign_keys = OFF;\nBEGIN;\ncreate table a (id int);\nCOMMIT;\nselect \'a;b\'; -- trailing\n'), [
      'PRAGMA foreign_keys = OFF',
      'BEGIN',
      'create table a (id int)',
      'COMMIT',
      "select 'a;b'",
    ]);
  });

  it('each statement starts at its offset in the script (leading blanks and comments skipped, as on PostgreSQL and MySQL)', () => {
    const script = '-- head\ncreate table a (id int);\n\n  /* c */ select 1;';
    for (const st of splitSqlite(script)) assert.equal(script.slice(st.offset, st.offset + st.sql.length), st.sql);
    assert.deepEqual(splitSqlite(script).map((st) => st.offset), [8, 44]);
  });

  it('unterminated strings and comments are E_PARSE with the offset', () => {
    for (const bad of ["select 'oops;", 'select 1; /* open', 'select "x;']) {
      assert.throws(() => splitSqlite(bad), (e: unknown) => isShaleError(e, 'E_PARSE') && typeof e.details['offset'] === 'number');
    }
  });
});

describe('sqlite splitter, through a migration', () => {
  it('a trigger body with CASE … END and semicolons in strings is one statement', async () => {
    const trigger = [
      'create table t (id integer primary key, v text, kind text);',
      'create table audit (msg text);',
      '-- a trigger; with a comment',
      'create trigger tr after insert on t',
      'when case when new.v is null then 0 else 1 end',
      'begin',
      "  insert into audit (msg) values (case when new.v = 'a;b' then 'semi; colon' when new.v like '%end%' then 'END;' else 'x' end);",
      "  update t set kind = case new.id when 1 then 'one' else 'many' end where id = new.id; /* ; */",
      'end;',
      "insert into t (id, v) values (1, 'a;b'), (2, 'the end'), (3, null);",
      '',
    ].join('\n');
    const m = createMigrator({ db: 'sqlite::memory:', sources: [memorySource({ '0001_trig.sql': trigger })] });
    try {
      assert.equal((await m.up()).error, null);
      assert.equal((await m.status()).entries[0]!.record!.statementsTotal, 4);
      const a = await m.adapter();
      assert.deepEqual((await a.query('select msg from audit order by rowid')).rows, [{ msg: 'semi; colon' }, { msg: 'END;' }]);
      assert.deepEqual((await a.query('select kind from t order by id')).rows, [{ kind: 'one' }, { kind: 'many' }, { kind: null }]);
    } finally {
      await m.close();
    }
  });
});
