import type { S3Client } from '@aws-sdk/client-s3';
import { importOptional } from '../core/formats/import-optional.js';
import { decodeMigrationFile } from '../core/migration-text.js';
import { ShaleError, messageOf } from '../errors.js';
import type { MigrationSource, SourceFile } from './source.js';

/** Connection settings of an S3 source; anything left out comes from the standard AWS chain. */
export interface S3SourceOptions {
  /** Endpoint of an S3-compatible server (else `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, AWS itself). */
  readonly endpoint?: string;
  /** Region (else `AWS_REGION`, the AWS profile, or `us-east-1` when a custom endpoint is set). */
  readonly region?: string;
  /** Path-style addressing (`endpoint/bucket/key`). Default: on when the endpoint is an IP address or localhost. */
  readonly forcePathStyle?: boolean;
  /** Keys per ListObjectsV2 page (S3's maximum and default is 1000). */
  readonly pageSize?: number;
}

/** A parsed `s3://bucket/prefix/` URI; the prefix is empty or ends with `/`. */
export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

/** Parse `s3://bucket/prefix/`; a prefix without a trailing slash is treated as a folder. */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new ShaleError('E_SOURCE', `invalid S3 source "${uri}": use s3://bucket/prefix/`, { source: uri });
  const rest = m[2]!;
  return { bucket: m[1]!, prefix: rest === '' || rest.endsWith('/') ? rest : `${rest}/` };
}

function endpointOf(opts: S3SourceOptions): string | undefined {
  return opts.endpoint ?? process.env['AWS_ENDPOINT_URL_S3'] ?? process.env['AWS_ENDPOINT_URL'] ?? undefined;
}

function isLocalHost(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || /^[\d.]+$/.test(host) || host.startsWith('[');
  } catch {
    return false;
  }
}

type Sdk = typeof import('@aws-sdk/client-s3');

/** The AWS SDK, an optional package: loaded on first use, one line naming it when it is not installed. */
function sdk(): Promise<Sdk> {
  return importOptional<Sdk>('@aws-sdk/client-s3', { pkg: '@aws-sdk/client-s3', purpose: 'reading s3:// sources', code: 'E_SOURCE' });
}

async function makeClient(opts: S3SourceOptions): Promise<S3Client> {
  const { S3Client } = await sdk();
  const endpoint = endpointOf(opts);
  const region = opts.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? (endpoint ? 'us-east-1' : undefined);
  return new S3Client({
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    forcePathStyle: opts.forcePathStyle ?? (endpoint ? isLocalHost(endpoint) : false),
    maxAttempts: 2,
  });
}

/** One clear line for an SDK failure (no such bucket, access denied, endpoint down, …). */
function describe(e: unknown, what: string, endpoint: string | undefined): string {
  const err = e as { name?: string; Code?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = err.Code ?? err.name ?? '';
  const status = err.$metadata?.httpStatusCode;
  const net = err.code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (name === 'NoSuchBucket') return `${what}: the bucket does not exist`;
  if (name === 'NoSuchKey') return `${what}: the object does not exist (deleted after it was listed?)`;
  if (['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden'].includes(name) || status === 403) {
    return `${what}: access denied (${name || 'HTTP 403'}); check the AWS credentials`;
  }
  if (name === 'CredentialsProviderError') return `${what}: no AWS credentials found (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE)`;
  if (/Region is missing/i.test(messageOf(e))) return `${what}: no AWS region (set AWS_REGION or "s3.region" in the config)`;
  if (net && /^(ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH)$/.test(net)) {
    return `${what}: cannot reach the S3 endpoint ${endpoint ?? '(AWS)'} (${net})`;
  }
  return `${what}: ${name ? `${name}: ` : ''}${messageOf(e).split('\n')[0]}`;
}

/**
 * Migrations stored in S3 (or an S3-compatible server) under `s3://bucket/prefix/`. Like a local
 * folder, only objects directly under the prefix count ("sub-folders" are ignored), and a prefix with
 * nothing under it is "not found". The AWS SDK is imported on first use, so commands that never touch
 * S3 do not load it.
 * @example createMigrator({ db, sources: [s3Source('s3://my-bucket/app/migrations/', { region: 'eu-west-1' })] })
 */
export function s3Source(uri: string, opts: S3SourceOptions = {}): MigrationSource {
  const { bucket, prefix } = parseS3Uri(uri);
  let client: Promise<S3Client> | null = null;
  const getClient = (): Promise<S3Client> => (client ??= makeClient(opts));
  const fail = (e: unknown, what: string, details: Record<string, unknown>): ShaleError =>
    e instanceof ShaleError ? e : new ShaleError('E_SOURCE', describe(e, what, endpointOf(opts)), details, { cause: e });
  const location = `s3://${bucket}/${prefix}`;

  const readObject = async (key: string): Promise<string> => {
    const where = `s3://${bucket}/${key}`;
    let bytes: Uint8Array;
    try {
      const { GetObjectCommand } = await sdk();
      const out = await (await getClient()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!out.Body) throw new ShaleError('E_SOURCE', `cannot read migration ${where}: empty response`, { file: where });
      bytes = await out.Body.transformToByteArray();
    } catch (e) {
      throw fail(e, `cannot read migration ${where}`, { file: where });
    }
    return decodeMigrationFile(bytes, where);
  };

  return {
    location,
    async list(): Promise<SourceFile[]> {
      const files: SourceFile[] = [];
      let anything = false;
      try {
        const { ListObjectsV2Command } = await sdk();
        const c = await getClient();
        let token: string | undefined;
        do {
          const page = await c.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token, ...(opts.pageSize ? { MaxKeys: opts.pageSize } : {}) }),
          );
          anything ||= (page.Contents?.length ?? 0) + (page.CommonPrefixes?.length ?? 0) > 0;
          for (const obj of page.Contents ?? []) {
            const key = obj.Key;
            if (!key || key === prefix || key.endsWith('/')) continue;
            const name = key.slice(prefix.length);
            if (name.includes('/')) continue; // servers that ignore the delimiter
            files.push({ name, location: `s3://${bucket}/${key}`, read: () => readObject(key) });
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      } catch (e) {
        throw fail(e, `cannot list S3 source ${location}`, { source: location });
      }
      // S3 has no folders: a prefix with no object under it is what a missing folder is on disk
      // (most often a typo), not an empty set of migrations that would make `up` report "up to date".
      if (!anything) throw new ShaleError('E_SOURCE', `S3 source not found: nothing is stored under ${location} (check the bucket and prefix)`, { source: location });
      return files;
    },
  };
}
