// What got in a new user's way: help without a command, paths in a config file, a folder of
// folders given as the source, and a generated migration whose rollback did more than its up.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { shale, tempDir } from '../../helpers/cli.js';

describe('new-user traps', () => {
  it('`shale` and `shale fleet` without a command: the help, exit 1, no "(outputHelp)" error line', async () => {
    for (const args of [[], ['fleet']]) {
      const r = await shale(args);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^Usage: shale/m);
      assert.doesNotMatch(r.stderr + r.stdout, /outputHelp|shale: error/);
    }
    const json = await shale(['fleet', '--json']);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), { command: 'fleet', ok: false, error: { code: 'E_USAGE', message: 'no command given' } });
  });

  it('a relative sqlite: URL in a config file is relative to the config file, not to the current folder', async () => {
    const dir = tempDir('shale-traps-');
    mkdirSync(join(dir, 'conf', 'migrations'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'conf', 'migrations', '0001_a.sql'), 'create table a (x int);\n');
    writeFileSync(join(dir, 'conf', 'shale.config.json'), JSON.stringify({ db: 'sqlite:app.db', sources: ['migrations'] }));
    const r = await shale(['--config', '../conf/shale.config.json', 'up'], { cwd: join(dir, 'elsewhere') });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'conf', 'app.db')), 'the database is beside the config file');
    assert.deepEqual(readdirSync(join(dir, 'elsewhere')), [], 'nothing was created where shale ran');
    // --db on the command line stays relative to the current folder.
    const flag = await shale(['--config', '../conf/shale.config.json', '--db', 'sqlite:here.db', 'status'], { cwd: join(dir, 'elsewhere') });
    assert.equal(flag.code, 0, flag.stderr);
    assert.ok(existsSync(join(dir, 'elsewhere', 'here.db')));
  });

  it('a source folder with no files but sub-folders is an error naming them; an empty folder is 0 migrations', async () => {
    const dir = tempDir('shale-traps-');
    mkdirSync(join(dir, 'migrations', 'order_service', 'prod'), { recursive: true });
    mkdirSync(join(dir, 'migrations', 'order_service', 'stage'));
    writeFileSync(join(dir, 'migrations', 'order_service', '.gitkeep'), '');
    writeFileSync(join(dir, 'migrations', 'order_service', 'prod', '0001_a.sql'), 'create table a (x int);\n');
    const r = await shale(['--db', 'sqlite::memory:', '--source', 'migrations/order_service', 'status'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'shale: error: no migration files in migrations/order_service, but it has sub-folders prod/, stage/: pass one of them (--source migrations/order_service/prod) or a glob (migrations/order_service/*)');
    const glob = await shale(['--db', 'sqlite::memory:', '--source', 'migrations/order_service/*', 'status'], { cwd: dir });
    assert.equal(glob.code, 0, glob.stderr);
    assert.match(glob.stdout, /0001_a/);
    mkdirSync(join(dir, 'empty'));
    const empty = await shale(['--db', 'sqlite::memory:', '--source', 'empty', 'status'], { cwd: dir });
    assert.equal(empty.code, 0, empty.stderr);
  });

  it('generate without --unsafe: the rollback does not recreate what the commented-out drops would have dropped (up, down, up again)', async () => {
    const dir = tempDir('shale-traps-');
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '0001_a.sql'), 'create table a (x int, y int);\ncreate table gone (z int);\n');
    writeFileSync(join(dir, 'schema.sql'), 'create table a (x int, w text);\ncreate table b (k int);\n');
    const g = await shale(['generate', 'trim', '--desired', 'schema.sql'], { cwd: dir });
    assert.equal(g.code, 0, g.stderr);
    const rollback = readdirSync(join(dir, 'migrations')).find((f) => f.endsWith('.rollback.sql'))!;
    const down = readFileSync(join(dir, 'migrations', rollback), 'utf8');
    assert.doesNotMatch(down, /"y"|"gone"/, down);
    assert.match(down, /drop table "public"\."b"/);
    for (const cmd of ['up', 'down', 'up']) {
      const r = await shale(['--db', 'pglite:./data', cmd], { cwd: dir });
      assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
    }
  });

  it('--schema names a database schema everywhere: generate takes --desired, and its old --schema spelling still works with a deprecation line', async () => {
    const dir = tempDir('shale-traps-');
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '0001_a.sql'), 'create table a (x int);\n');
    writeFileSync(join(dir, 'schema.sql'), 'create table a (x int, w text);\n');
    const old = await shale(['generate', 'add w', '--schema', 'schema.sql'], { cwd: dir });
    assert.equal(old.code, 0, old.stderr);
    assert.match(old.stderr, /generate --schema is deprecated .*use --desired/);
    assert.match(old.stdout, /created /);
    const both = await shale(['generate', 'again', '--schema', 'schema.sql', '--desired', 'schema.sql'], { cwd: dir });
    assert.equal(both.code, 1, both.stderr);
    assert.match(both.stderr, /takes the desired schema once/);
    const none = await shale(['generate', 'again'], { cwd: dir });
    assert.equal(none.code, 1, none.stderr);
    assert.match(none.stderr, /needs the desired schema: --desired/);
    const help = await shale(['generate', '--help'], { cwd: dir });
    assert.match(help.stdout, /--desired <schema>/);
    assert.doesNotMatch(help.stdout, /--schema/);
  });
});
