// `shale lint --fix` without a database: each PostgreSQL fix's text, where it runs (in place, alone
// outside a transaction, after the commit), how a transactional migration is split into BEGIN …
// COMMIT blocks, the file formats it rewrites, and the findings that remain once it is fixed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LintMigration } from '../../../src/lint/dialect.js';
import { planFixes, withoutTransaction } from '../../../src/lint/fix-files.js';
import { lintMigrations } from '../../../src/lint/lint.js';
import { postgresLint } from '../../../src/lint/postgres/index.js';
import { unifiedDiff } from '../../../src/lint/text-diff.js';

interface FixCase {
  readonly text: string;
  readonly transaction?: boolean;
  readonly serverVersion?: number;
  /** The script starts on this line of the file (a dbmate section), the file being `file`. */
  readonly file?: string;
  readonly line?: number;
  /** Leave PG135 (lock_timeout) on: off elsewhere, so each case shows one fix. */
  readonly lockTimeout?: boolean;
}

/** Lint one migration, fix it, lint the fix: the new file text and the codes left. */
async function fix(c: FixCase): Promise<{ text: string; before: string[]; after: string[]; skipped: string[] }> {
  const file = c.file ?? c.text;
  const migrations: LintMigration[] = [{ id: 'm1', scripts: [{ sql: c.text, location: 'm1.sql', line: c.line ?? 1, transaction: c.transaction ?? true }] }];
  const target = { serverVersion: c.serverVersion };
  const options = c.lockTimeout ? {} : { rules: { PG135: 'off' as const } };
  const report = await lintMigrations(postgresLint, migrations, target, options);
  const plan = planFixes(migrations, report.fixable, () => file);
  const again = await lintMigrations(postgresLint, plan.migrations, target, options);
  return { text: plan.files[0]?.after ?? file, before: report.findings.map((f) => f.code), after: again.findings.map((f) => f.code), skipped: plan.skipped.map((s) => `${s.code}: ${s.reason}`) };
}

describe('lint --fix: each fix', () => {
  it('CREATE INDEX becomes CONCURRENTLY in a migration that runs statement by statement', async () => {
    const r = await fix({ text: 'create index t_x on t (x);\n' });
    assert.equal(r.text, '-- transaction: false\ncreate index concurrently t_x on t (x);\n');
    assert.ok(r.before.includes('PG130'));
    assert.ok(!r.after.includes('PG130') && !r.after.includes('PG108'), r.after.join());
  });

  it('keeps the other statements of a transactional migration together in BEGIN … COMMIT blocks', async () => {
    const r = await fix({ text: '-- orders\nalter table t add column y int;\nCREATE INDEX t_x ON t (x);\nalter table t add column z int;\n' });
    assert.equal(r.text, '-- transaction: false\n-- orders\nBEGIN;\nalter table t add column y int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY t_x ON t (x);\nBEGIN;\nalter table t add column z int;\nCOMMIT;\n');
    assert.ok(!r.after.includes('PG130') && !r.after.includes('PG138'), r.after.join());
  });

  it('DROP INDEX and REINDEX get CONCURRENTLY; REINDEX only from PostgreSQL 12', async () => {
    assert.equal((await fix({ text: 'drop index t_x;' })).text, '-- transaction: false\ndrop index concurrently t_x;\n');
    assert.equal((await fix({ text: 'REINDEX TABLE t;' })).text, '-- transaction: false\nREINDEX TABLE CONCURRENTLY t;\n');
    assert.equal((await fix({ text: 'REINDEX TABLE t;', serverVersion: 11 })).text, 'REINDEX TABLE t;');
  });

  it('a DROP INDEX of two indexes or with CASCADE is left alone (CONCURRENTLY takes one, without CASCADE)', async () => {
    assert.equal((await fix({ text: 'drop index a, b;' })).text, 'drop index a, b;');
    assert.equal((await fix({ text: 'drop index a cascade;' })).text, 'drop index a cascade;');
  });

  it('CREATE INDEX CONCURRENTLY inside the migration transaction (PG108) moves out of it', async () => {
    const r = await fix({ text: 'create index concurrently t_x on t (x);\n' });
    assert.ok(r.before.includes('PG108'));
    assert.equal(r.text, '-- transaction: false\ncreate index concurrently t_x on t (x);\n');
    assert.ok(!r.after.includes('PG108'));
  });

  it('a foreign key is added NOT VALID and validated after the commit; an unnamed one gets the name PostgreSQL gives it', async () => {
    const named = await fix({ text: 'alter table t add constraint t_p_fk foreign key (p) references p (id);\n' });
    assert.equal(named.text, '-- transaction: false\nBEGIN;\nalter table t add constraint t_p_fk foreign key (p) references p (id) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE t VALIDATE CONSTRAINT t_p_fk;\nCOMMIT;\n');
    assert.ok(!named.after.includes('PG102') && !named.after.includes('PG118'), named.after.join());
    const unnamed = await fix({ text: 'alter table t add foreign key (p, q) references p;' });
    assert.match(unnamed.text, /add CONSTRAINT t_p_q_fkey foreign key \(p, q\) references p NOT VALID;/);
    assert.match(unnamed.text, /VALIDATE CONSTRAINT t_p_q_fkey;/);
  });

  it('a named CHECK is fixed the same way; an unnamed CHECK is not (its name comes from its expression)', async () => {
    assert.match((await fix({ text: 'alter table t add constraint pos check (x > 0);' })).text, /check \(x > 0\) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE t VALIDATE CONSTRAINT pos;/);
    assert.equal((await fix({ text: 'alter table t add check (x > 0);' })).text, 'alter table t add check (x > 0);');
  });

  it('SET NOT NULL goes through a NOT VALID check, validated after the commit (PostgreSQL 12+)', async () => {
    const r = await fix({ text: 'alter table s.t alter column "Email" set not null;\n' });
    assert.equal(
      r.text,
      '-- transaction: false\nBEGIN;\nALTER TABLE s.t ADD CONSTRAINT "t_Email_not_null_check" CHECK ("Email" IS NOT NULL) NOT VALID;\nCOMMIT;\nBEGIN;\n' +
        'ALTER TABLE s.t VALIDATE CONSTRAINT "t_Email_not_null_check";\nALTER TABLE s.t ALTER COLUMN "Email" SET NOT NULL;\nALTER TABLE s.t DROP CONSTRAINT "t_Email_not_null_check";\nCOMMIT;\n',
    );
    assert.ok(!r.after.includes('PG103'), r.after.join());
    assert.equal((await fix({ text: 'alter table t alter column x set not null;', serverVersion: 11 })).text, 'alter table t alter column x set not null;');
  });

  it('ADD UNIQUE builds the index concurrently first, then attaches it; ADD PRIMARY KEY is not fixed', async () => {
    const r = await fix({ text: 'alter table t add unique (a, b);\n' });
    assert.equal(r.text, '-- transaction: false\nCREATE UNIQUE INDEX CONCURRENTLY t_a_b_key ON t (a, b);\nBEGIN;\nALTER TABLE t ADD CONSTRAINT t_a_b_key UNIQUE USING INDEX t_a_b_key;\nCOMMIT;\n');
    assert.ok(!r.after.includes('PG119'), r.after.join());
    // Attaching a primary key sets its columns NOT NULL: a scan under ACCESS EXCLUSIVE when they are nullable.
    assert.equal((await fix({ text: 'alter table t add constraint t_pk primary key (id);' })).text, 'alter table t add constraint t_pk primary key (id);');
    // A deferrable key has options the index cannot carry: no fix.
    assert.equal((await fix({ text: 'alter table t add unique (a) deferrable;' })).text, 'alter table t add unique (a) deferrable;');
  });

  it('ALTER TABLE ONLY and IF EXISTS are not fixed (the added steps would lose them)', async () => {
    assert.equal((await fix({ text: 'alter table only t alter column c set not null;' })).text, 'alter table only t alter column c set not null;');
    assert.equal((await fix({ text: 'alter table if exists t add constraint fk foreign key (p) references p;' })).text, 'alter table if exists t add constraint fk foreign key (p) references p;');
  });

  it('a missing lock_timeout is set first: SET LOCAL in a transaction, SET … RESET outside one', async () => {
    const inTx = await fix({ text: 'alter table t add column y int;\n', lockTimeout: true });
    assert.equal(inTx.text, "SET LOCAL lock_timeout = '5s';\nalter table t add column y int;\n");
    assert.ok(inTx.before.includes('PG135') && !inTx.after.includes('PG135'), inTx.after.join());
    const alone = await fix({ text: '-- transaction: false\nalter table t add column y int;', transaction: false, lockTimeout: true });
    assert.equal(alone.text, "-- transaction: false\nSET lock_timeout = '5s';\nalter table t add column y int;\nRESET lock_timeout;\n");
  });
});

describe('lint --fix: migrations and files', () => {
  it('a last statement without `;` and a comment after it: the `;` goes after the statement, not into the comment', async () => {
    const r = await fix({ text: 'create index i on t (a);\nalter table t add column b int\n-- done\n' });
    assert.equal(r.text, '-- transaction: false\ncreate index concurrently i on t (a);\nBEGIN;\nalter table t add column b int;\n-- done\nCOMMIT;\n');
    const fk = await fix({ text: 'alter table t add constraint fk foreign key (p) references p (id) -- fk' });
    assert.equal(fk.text, '-- transaction: false\nBEGIN;\nalter table t add constraint fk foreign key (p) references p (id) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE t VALIDATE CONSTRAINT fk;\nCOMMIT;\n -- fk');
    assert.ok(!fk.after.includes('PG100') && !r.after.includes('PG100'), `${fk.after.join()} ${r.after.join()}`);
  });

  it("a fix's steps after the commit come before the statements after it, each fix in its own transaction", async () => {
    const r = await fix({ text: 'alter table t alter column c set not null;\nalter table u add constraint fk foreign key (p) references p (id);\nalter table t rename column c to d;\n' });
    assert.equal(
      r.text,
      '-- transaction: false\nBEGIN;\nALTER TABLE t ADD CONSTRAINT t_c_not_null_check CHECK (c IS NOT NULL) NOT VALID;\nCOMMIT;\n' +
        'BEGIN;\nALTER TABLE t VALIDATE CONSTRAINT t_c_not_null_check;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;\nALTER TABLE t DROP CONSTRAINT t_c_not_null_check;\nCOMMIT;\n' +
        'BEGIN;\nalter table u add constraint fk foreign key (p) references p (id) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE u VALIDATE CONSTRAINT fk;\nCOMMIT;\n' +
        'BEGIN;\nalter table t rename column c to d;\nCOMMIT;\n',
    );
  });

  it('a dbmate file with several sections: each section is fixed in place', async () => {
    const file = '-- migrate:up\nalter table t add column y int;\ncreate index a on t (x);\n-- migrate:down\nselect 1;\n-- migrate:up\ncreate index b on t (y);\n-- migrate:down\nselect 2;\n';
    const migrations: LintMigration[] = [
      {
        id: 'm1',
        scripts: [
          { sql: '-- migrate:up\nalter table t add column y int;\ncreate index a on t (x);\n', location: 'm1.sql', line: 1, transaction: true },
          { sql: '-- migrate:up\ncreate index b on t (y);\n', location: 'm1.sql', line: 6, transaction: true },
        ],
      },
    ];
    const options = { rules: { PG135: 'off' as const } };
    const report = await lintMigrations(postgresLint, migrations, {}, options);
    const plan = planFixes(migrations, report.fixable, () => file);
    assert.deepEqual(plan.skipped, []);
    assert.equal(
      plan.files[0]!.after,
      '-- migrate:up transaction:false\nBEGIN;\nalter table t add column y int;\nCOMMIT;\ncreate index concurrently a on t (x);\n-- migrate:down\nselect 1;\n-- migrate:up transaction:false\ncreate index concurrently b on t (y);\n-- migrate:down\nselect 2;\n',
    );
  });

  it('only the migrations it is told are rewritable are rewritten (an applied one is skipped, with why)', async () => {
    const migrations: LintMigration[] = [{ id: 'm1', scripts: [{ sql: 'create index t_x on t (x);', location: 'm1.sql', line: 1, transaction: true }] }];
    const report = await lintMigrations(postgresLint, migrations, {}, { rules: { PG135: 'off' } });
    const plan = planFixes(migrations, report.fixable, () => 'create index t_x on t (x);', () => false);
    assert.equal(plan.files.length, 0);
    assert.match(plan.skipped[0]!.reason, /applied/);
  });

  it('a migration already running statement by statement keeps its form: steps after the commit follow at once', async () => {
    const r = await fix({ text: '-- transaction: false\nalter table t add constraint fk foreign key (p) references p;\n', transaction: false });
    assert.equal(r.text, '-- transaction: false\nalter table t add constraint fk foreign key (p) references p NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT fk;\n');
  });

  it('a statement inside a BEGIN … COMMIT the migration wrote is not moved out of it', async () => {
    const text = '-- transaction: false\nbegin;\ncreate index t_x on t (x);\ncommit;\n';
    const r = await fix({ text, transaction: false });
    assert.ok(r.before.includes('PG130'));
    assert.equal(r.text, text);
  });

  it('a dbmate section gets transaction:false on its own -- migrate:up line', async () => {
    const file = '-- migrate:up\ncreate index t_x on t (x);\n\n-- migrate:down\ndrop index t_x;\n';
    const r = await fix({ text: '-- migrate:up\ncreate index t_x on t (x);\n\n', file, line: 1 });
    assert.equal(r.text, '-- migrate:up transaction:false\ncreate index concurrently t_x on t (x);\n\n-- migrate:down\ndrop index t_x;\n');
  });

  it('CRLF files stay CRLF', async () => {
    const r = await fix({ text: 'alter table t add column y int;\r\ncreate index t_x on t (x);\r\n' });
    assert.equal(r.text, '-- transaction: false\r\nBEGIN;\r\nalter table t add column y int;\r\nCOMMIT;\r\ncreate index concurrently t_x on t (x);\r\n');
  });

  it('a file that no longer holds the text the linter read is not rewritten', async () => {
    const migrations: LintMigration[] = [{ id: 'm1', scripts: [{ sql: 'create index t_x on t (x);', location: 'm1.sql', line: 1, transaction: true }] }];
    const report = await lintMigrations(postgresLint, migrations, {});
    const plan = planFixes(migrations, report.fixable, () => 'create index other on t (y);');
    assert.equal(plan.files.length, 0);
    assert.match(plan.skipped[0]!.reason, /changed since it was read/);
  });

  it('marks a file without a transaction directive, or rewrites the one it has', () => {
    assert.equal(withoutTransaction('-- about\nselect 1;'), '-- transaction: false\n-- about\nselect 1;');
    assert.equal(withoutTransaction('-- Transaction: true\n-- about\nselect 1;'), '-- transaction: false\n-- about\nselect 1;');
    assert.equal(withoutTransaction('-- migrate:up transaction:true\nselect 1;'), '-- migrate:up transaction:false\nselect 1;');
  });
});

describe('lint --fix: the diff', () => {
  it('is a unified diff with context, deletions before additions', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nD\ne\nf\ng\nh\n';
    assert.equal(unifiedDiff('m.sql', before, after), '--- a/m.sql\n+++ b/m.sql\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n');
    assert.equal(unifiedDiff('m.sql', before, before), '');
  });
});
