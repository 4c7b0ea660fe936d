// Which files are migrations and their ids, the natural run order across sources, Flyway versions and
// file names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyFile } from '../../../src/core/formats/classify.js';
import { loadMigrations } from '../../../src/core/load.js';
import { compareNatural, compareVersions } from '../../../src/core/natural-order.js';
import { isShaleError } from '../../../src/errors.js';
import { memorySource } from '../../../src/sources/memory.js';

const load = (names: string[], location = 'memory:') => loadMigrations([memorySource(Object.fromEntries(names.map((n) => [n, 'select 1;'])), location)]);
const ids = async (names: string[]) => (await load(names)).migrations.map((m) => m.id);

describe('N1/N2 which files are migrations, and their ids', () => {
  const table: [file: string, id: string | null][] = [
    ['20151129054053_test_migration.sql', '20151129054053_test_migration'],
    ['1234_example.sql', '1234_example'],
    ['001_x.sql', '001_x'], // leading zeros kept
    ['missing_version.sql', 'missing_version'], // shale deviation: any *.sql name is a migration (yoyo style)
    ['003_not_sql.txt', null],
    ['0001.create-users.sql', '0001.create-users'],
    ['0001_users.up.sql', '0001_users'],
    ['V1.2__add_users.sql', 'V1.2__add_users'],
    ['R__views.sql', 'R__views'],
    ['Release__notes.sql', 'Release__notes'], // not Flyway: V/U must be followed by a version
  ];
  for (const [file, id] of table) {
    test(`${file} -> ${id ?? 'ignored'}`, async () => {
      assert.deepEqual(await ids([file]), id === null ? [] : [id]);
    });
  }
});

describe('O1 order across sources (shale: natural order, dbmate: plain string order)', () => {
  test('a={001,005} b={003,004} c={002,006} merge into one order', async () => {
    const set = await loadMigrations([
      memorySource({ '001.sql': 'select 1;', '005.sql': 'select 5;' }, 'a/'),
      memorySource({ '003.sql': 'select 3;', '004.sql': 'select 4;' }, 'b/'),
      memorySource({ '002.sql': 'select 2;', '006.sql': 'select 6;' }, 'c/'),
    ]);
    assert.deepEqual(set.migrations.map((m) => m.location), ['a/001.sql', 'c/002.sql', 'b/003.sql', 'b/004.sql', 'a/005.sql', 'c/006.sql']);
  });

  test('20_y sorts before 100_x (dbmate would put 100_x first)', async () => {
    assert.deepEqual(await ids(['100_x.sql', '20_y.sql']), ['20_y', '100_x']);
  });

  const pairs: [a: string, b: string][] = [
    ['2', '10'],
    ['20_y', '100_x'],
    ['0001.a', '0002.a'],
    ['1', '1.1'],
    ['1_a', '1_b'],
    ['a2', 'a10'],
    ['post-apply', 'post-apply2'],
    ['post-apply.sql', 'post-apply2.sql'],
    ['99999999999999999999998', '99999999999999999999999'],
    ['01', '1'], // tie on the number: plain string order keeps the order total
  ];
  for (const [a, b] of pairs) {
    test(`compareNatural: ${a} < ${b}`, () => {
      assert.ok(compareNatural(a, b) < 0);
      assert.ok(compareNatural(b, a) > 0);
      assert.equal(compareNatural(a, a), 0);
    });
  }
});

describe('compareNatural against its definition', () => {
  /** The definition it had: digit runs sliced out, leading zeros stripped by a regular expression. */
  function reference(a: string, b: string): number {
    const digits = (x: string, y: string): number => {
      const [p, q] = [x.replace(/^0+(?=\d)/, ''), y.replace(/^0+(?=\d)/, '')];
      return p.length !== q.length ? p.length - q.length : p < q ? -1 : p > q ? 1 : 0;
    };
    const runs = (x: string): string[] => x.match(/\d+|\D/g) ?? [];
    const [xs, ys] = [runs(a), runs(b)];
    for (let k = 0; k < Math.min(xs.length, ys.length); k++) {
      const [x, y] = [xs[k]!, ys[k]!];
      const c = /\d/.test(x[0]!) && /\d/.test(y[0]!) ? digits(x, y) : x === y ? 0 : x.charCodeAt(0) - y.charCodeAt(0);
      if (c !== 0) return c;
    }
    if (xs.length !== ys.length) return xs.length > ys.length ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  test('the same sign on 20,000 random pairs of ids (digit runs with leading zeros, separators, letters)', () => {
    let seed = 15;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const id = (): string => Array.from({ length: 1 + rand(5) }, () => ['0'.repeat(rand(3)) + String(rand(1000)), '_', '.', 'a', 'B', '-'][rand(6)]).join('');
    for (let k = 0; k < 20000; k++) {
      const [a, b] = [id(), id()];
      assert.equal(Math.sign(compareNatural(a, b)), Math.sign(reference(a, b)), `${a} vs ${b}`);
    }
  });
});

describe('F1–F3 Flyway versions compare part by part', () => {
  const equal: [string, string][] = [
    ['1', '1.0'],
    ['1', '1.00'],
    ['1.1', '1.1.0.0'],
    ['001.0', '1.0'],
    ['0', '0.0'],
    ['9999999999999999999999999999999999.8888', '9999999999999999999999999999999999.8888'],
  ];
  for (const [a, b] of equal) test(`${a} = ${b}`, () => assert.equal(compareVersions(a, b), 0));
  const less: [string, string][] = [
    ['1', '1.1'],
    ['1.1', '1.1.0.1'],
    ['1.1.0.1', '2'],
    ['1.2.3.3', '1.2.13.3'],
    ['1.2.1', '1.2.1.3'],
    ['1.2.1', '1.2.1.1'],
    ['201004171859', '201004180000'],
    ['9999999999999999999999999999999999.8888', '9999999999999999999999999999999999.8889'],
    ['9999999999999999999999999999999999', '10000000000000000000000000000000000'],
  ];
  for (const [a, b] of less) {
    test(`${a} < ${b}`, () => {
      assert.ok(compareVersions(a, b) < 0);
      assert.ok(compareVersions(b, a) > 0);
    });
  }

  test('files run in version order, not name order', async () => {
    const files = ['V2__b.sql', 'V1.2.13.3__c.sql', 'V1.2.3.3__d.sql', 'V1.1__e.sql', 'V1__f.sql', 'V10__g.sql', 'V1.10__h.sql', 'V1.9__i.sql'];
    assert.deepEqual(await ids(files), ['V1__f', 'V1.1__e', 'V1.2.3.3__d', 'V1.2.13.3__c', 'V1.9__i', 'V1.10__h', 'V2__b', 'V10__g']);
  });

  test('huge version parts do not overflow', async () => {
    assert.deepEqual(await ids(['V9999999999999999999999999999999999.9999__b.sql', 'V9999999999999999999999999999999999.8888__a.sql']), [
      'V9999999999999999999999999999999999.8888__a',
      'V9999999999999999999999999999999999.9999__b',
    ]);
  });
});

describe('F4/F11 invalid Flyway names are E_PARSE', () => {
  const bad = ['V1..1__x.sql', 'V.__x.sql', 'V.1__x.sql', 'V1.__x.sql', 'V1.2.1-3__x.sql', 'V1.2.1a-3__x.sql', 'V9_4.sql', 'V_8_0__Description.sql', 'V1__.sql', 'U1..2__x.sql', 'R1__x.sql'];
  for (const name of bad) {
    test(name, async () => {
      await assert.rejects(load([name]), (e: unknown) => isShaleError(e, 'E_PARSE') && e.message.includes(`memory:${name}`));
    });
  }
});

describe('F6–F10 Flyway file names', () => {
  const table: [file: string, role: string, version: string | undefined, description: string][] = [
    ['V9_4__EmailAxel.sql', 'flyway', '9.4', 'EmailAxel'],
    ['V9_4__Big_jump.sql', 'flyway', '9.4', 'Big jump'],
    ['V009_4__EmailAxel.sql', 'flyway', '009.4', 'EmailAxel'],
    ['V1.2__add_users.sql', 'flyway', '1.2', 'add users'],
    ['R__EmailAxel.sql', 'repeatable', undefined, 'EmailAxel'],
    ['R__Big_jump.sql', 'repeatable', undefined, 'Big jump'],
  ];
  for (const [file, role, version, description] of table) {
    test(file, async () => {
      const r = classifyFile(file, file);
      assert.equal(r?.role, role);
      const m = (await load([file])).migrations[0]!;
      assert.equal(m.version, version);
      assert.equal(m.description, description);
      assert.equal(m.kind, role === 'repeatable' ? 'repeatable' : 'versioned');
      assert.equal(m.format, 'flyway');
    });
  }

  test('U<version>__ is the rollback of V<version>__ (versions compared part by part)', async () => {
    const set = await loadMigrations([memorySource({ 'V1.2__add.sql': 'create table t (id int);', 'U1.2.0__add.sql': 'drop table t;' })]);
    assert.equal(set.migrations.length, 1);
    const down = set.migrations[0]!.down;
    assert.deepEqual(down?.kind === 'sql' && down.scripts.map((s) => s.sql), ['drop table t;']);
  });

  test('an undo file without its versioned file is E_PARSE', async () => {
    await assert.rejects(load(['U3__x.sql']), (e: unknown) => isShaleError(e, 'E_PARSE'));
  });

  test('R__ repeatable migrations run after every versioned one', async () => {
    assert.deepEqual(await ids(['R__a_view.sql', 'V2__b.sql', 'R__b_view.sql', '0001.first.sql', 'V1__a.sql']), ['0001.first', 'V1__a', 'V2__b', 'R__a_view', 'R__b_view']);
  });

  test('two versioned files with equal versions (V1 and V1.0) are E_DUPLICATE_ID naming both', async () => {
    await assert.rejects(load(['V1__a.sql', 'V1.0__b.sql']), (e: unknown) => {
      return isShaleError(e, 'E_DUPLICATE_ID') && e.message.includes('memory:V1__a.sql') && e.message.includes('memory:V1.0__b.sql');
    });
  });
});
