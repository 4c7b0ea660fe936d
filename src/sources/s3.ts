import { ShaleError } from '../errors.js';
import type { MigrationSource } from './source.js';

/** Placeholder until the S3 source lands (issue 5): a clear error, never a silent empty source. */
export function s3Source(uri: string): MigrationSource {
  throw new ShaleError('E_UNSUPPORTED', `S3 sources are not supported yet: ${uri}`, { source: uri });
}
