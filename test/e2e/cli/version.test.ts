// `shale --version` answers from package.json without loading the CLI; the CLI's own version (what
// commander prints when --version comes with other arguments) is the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, shale } from '../../helpers/cli.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('--version and -V print the package version; through the CLI it is the same', async () => {
  for (const args of [['--version'], ['-V'], ['--quiet', '--version']]) {
    const r = await shale(args);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${VERSION}\n`, args.join(' '));
  }
});
