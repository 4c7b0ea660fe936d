import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterSuite } from './suite.js';

// PGlite starts in ~3 s; a data folder per test keeps tests independent (in-memory would be shared by nobody).
adapterSuite('pglite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'shale-pglite-'));
    return { url: `pglite:${dir}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
}, { capabilities: { transactionalDdl: true, savepoints: true }, deferredForeignKeys: {}, notInTransaction: 'vacuum t' });
