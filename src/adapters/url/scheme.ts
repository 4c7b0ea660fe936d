/** A `scheme://user:password@host:port/path?query` URL that passed the generic checks ({@link readServerUrl}). */
export interface ServerUrl {
  /** The URL as given (trimmed): what the driver gets, password included. */
  readonly text: string;
  readonly url: URL;
  /** {@link text} with the password and the secret parameters masked. */
  readonly display: string;
}

/**
 * How one dialect's URLs are written (declared in `src/adapters/<dialect>/url.ts`, listed in
 * `src/adapters/schemes.ts`). `server`: `scheme://user:password@host/…`, split, checked and
 * redacted by the generic code before `parse` sees it; the scheme matches in any case, as
 * `new URL` reads it. `local`: `scheme:rest`, a file or folder that the dialect reads itself and
 * that holds no secret; the scheme matches as written.
 */
export type UrlScheme<P> = ServerScheme<P> | LocalScheme<P>;

interface SchemeNames {
  /** Lower case, with the colon (`postgres:`); listed when a URL has an unknown scheme. */
  readonly schemes: readonly string[];
  /** Also accepted, not listed (`postgresql:`). */
  readonly aliases?: readonly string[];
}

export interface ServerScheme<P> extends SchemeNames {
  readonly form: 'server';
  parse(url: ServerUrl): P;
}

export interface LocalScheme<P> extends SchemeNames {
  readonly form: 'local';
  /** `text`: the whole URL, scheme included. */
  parse(text: string): P;
  /**
   * The same URL with a relative file or folder made absolute against `dir` (a config file's
   * folder: paths in a config file are relative to it); `text` as it is where nothing is relative.
   */
  relativeTo?(text: string, dir: string): string;
}

/** Every scheme a dialect accepts: the listed ones, then the aliases. */
export function namesOf(s: SchemeNames): readonly string[] {
  return [...s.schemes, ...(s.aliases ?? [])];
}

/**
 * The listed schemes as a user writes them, for messages.
 * @example describeSchemes([pg, sqlite]) // 'postgres:// or sqlite:'
 */
export function describeSchemes(list: readonly UrlScheme<unknown>[]): string {
  const shown = list.flatMap((s) => s.schemes.map((name) => (s.form === 'server' ? `${name}//` : name)));
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
