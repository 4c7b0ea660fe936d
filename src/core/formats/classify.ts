import { ShaleError } from '../../errors.js';

/** What a file name says a file is (DESIGN §3). `null`: not a migration file, ignored. */
export type FileRole =
  | { readonly role: 'sql'; readonly id: string } // plain yoyo file or dbmate sectioned (decided by content)
  | { readonly role: 'rollback'; readonly id: string } // <id>.rollback.sql
  | { readonly role: 'up'; readonly id: string } // <id>.up.sql
  | { readonly role: 'down'; readonly id: string } // <id>.down.sql
  | { readonly role: 'flyway'; readonly id: string; readonly version: string; readonly description: string }
  | { readonly role: 'flyway-undo'; readonly version: string }
  | { readonly role: 'repeatable'; readonly id: string; readonly description: string }
  | { readonly role: 'module'; readonly id: string }
  | { readonly role: 'hook'; readonly name: string };

const FLYWAY_RE = /^([VUR])([^_]*(?:_[^_]+)*?)__(.*)\.sql$/;
// V1…, U1…, R__…, and malformed versions such as `V.1__x`, `V_8_0__x`, `R1__x` (errors, not plain files).
const FLYWAY_LIKE_RE = /^(?:[VU]\d|R__|[VUR][\d._].*__)/;
const VERSION_RE = /^\d+(?:[._]\d+)*$/;
const MODULE_RE = /^(.+)\.([cm]?ts|[cm]?js)$/;

export function classifyFile(name: string, location: string): FileRole | null {
  if (name.startsWith('.') || name.startsWith('#') || name.endsWith('~')) return null;
  if (/^post-apply.*\.sql$/i.test(name)) return { role: 'hook', name: name.slice(0, -4) };
  // Only names that look like Flyway's are treated as Flyway, so a yoyo file named
  // `Release__notes.sql` stays a plain migration.
  if (FLYWAY_LIKE_RE.test(name) && name.endsWith('.sql')) {
    const fw = FLYWAY_RE.exec(name);
    if (!fw) throw flywayError(location, `Flyway file name must be V<version>__<description>.sql`);
    return classifyFlyway(fw[1]!, fw[2]!, fw[3]!, name, location);
  }
  if (name.endsWith('.rollback.sql')) return { role: 'rollback', id: name.slice(0, -'.rollback.sql'.length) };
  if (name.endsWith('.up.sql')) return { role: 'up', id: name.slice(0, -'.up.sql'.length) };
  if (name.endsWith('.down.sql')) return { role: 'down', id: name.slice(0, -'.down.sql'.length) };
  if (name.endsWith('.sql')) return { role: 'sql', id: name.slice(0, -4) };
  if (/\.d\.[cm]?ts$/.test(name)) return null;
  const mod = MODULE_RE.exec(name);
  if (mod) return { role: 'module', id: mod[1]! };
  return null;
}

function classifyFlyway(prefix: string, version: string, desc: string, name: string, location: string): FileRole {
  const description = desc.replace(/_/g, ' ');
  if (prefix === 'R') {
    if (version !== '') throw flywayError(location, `a repeatable migration has no version: R__<description>.sql`);
    return { role: 'repeatable', id: name.slice(0, -4), description };
  }
  if (!VERSION_RE.test(version)) {
    throw flywayError(location, `invalid Flyway version "${version}" (expected digits separated by "." or "_", e.g. V1.2__desc.sql)`);
  }
  if (desc === '') throw flywayError(location, `Flyway file name needs a description after "__"`);
  const v = version.replace(/_/g, '.');
  return prefix === 'V' ? { role: 'flyway', id: name.slice(0, -4), version: v, description } : { role: 'flyway-undo', version: v };
}

function flywayError(location: string, msg: string): ShaleError {
  return new ShaleError('E_PARSE', `${location}: ${msg}`, { file: location });
}
