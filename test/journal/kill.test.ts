// SIGKILL `shale up` at random moments (a few trials per engine; bench/kill/run.ts runs the full size).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skipUnlessPg } from '../helpers/databases.js';
import { killTrials } from '../helpers/kill-trials.js';
import { skipUnlessMysql } from '../helpers/mysql.js';

const TRIALS = Number(process.env['SHALE_KILL_TRIALS'] ?? 3);

describe('kill -9 during a statement-journaled migration', () => {
  for (const [engine, skip] of [
    ['sqlite', Promise.resolve<string | false>(false)],
    ['postgres', skipUnlessPg()],
    ['mysql', skipUnlessMysql()],
  ] as const) {
    it(`${engine}: the journal matches the database after every kill, and resume leaves every row exactly once`, async (t) => {
      const reason = await skip;
      if (reason) return t.skip(reason);
      const f = await killTrials(engine, TRIALS, (line) => t.diagnostic(line));
      assert.deepEqual(f.problems, []);
      assert.equal(f.wrongCounts + f.duplicatedRows + f.stuckRuns, 0);
    });
  }
});
