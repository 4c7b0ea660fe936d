import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterSuite } from './suite.js';

adapterSuite('sqlite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'shale-sqlite-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
}, {
  // Foreign keys are checked only on connections that turn them on.
  deferredForeignKeys: { url: (url) => `${url}?foreign_keys=on` },
  notInTransaction: 'vacuum',
  capabilities: { transactionalDdl: true, savepoints: true },
});
