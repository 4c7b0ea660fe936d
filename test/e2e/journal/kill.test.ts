// SIGKILL `shale up` at random moments (a few trials per engine; bench/kill/run.ts runs the full size).
// Without a server its engine's test is skipped locally; under CI=true the availability check fails instead.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skipUnlessPg } from '../../helpers/databases.js';
import { killTrials, type Engine } from '../../helpers/kill-trials.js';
import { skipUnlessMysql } from '../../helpers/mysql.js';

const TRIALS = Number(process.env['SHALE_KILL_TRIALS'] ?? 3);
const ENGINES: readonly [Engine, string | false][] = [
  ['sqlite', false],
  ['postgres', await skipUnlessPg()],
  ['mysql', await skipUnlessMysql()],
];

describe('kill -9 during a statement-journaled migration', () => {
  for (const [engine, skip] of ENGINES) {
    it(`${engine}: the journal matches the database after every kill, and resume leaves every row exactly once`, { skip }, async (t) => {
      const f = await killTrials(engine, TRIALS, (line) => t.diagnostic(line));
      assert.deepEqual(f.problems, []);
      assert.equal(f.wrongCounts + f.duplicatedRows + f.stuckRuns, 0);
    });
  }
});
