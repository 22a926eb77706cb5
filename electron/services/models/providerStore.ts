// Providers: the built-ins plus those people add, stored in the library (never their keys).
import { AppError } from '../../../src-shared/errors';
import {
  BUILTIN_PROVIDERS,
  KEY_ENV_PATTERN,
  PROVIDER_NAME_PATTERN,
  USER_PROVIDER_KINDS,
} from '../../../src-shared/models/providers';
import type { ProviderInfo, UserProviderKind } from '../../../src-shared/models/providers';
import type { Database } from '../store/database';

/** A provider to add. */
export interface NewProvider {
  name: string;
  kind: UserProviderKind;
  base_url: string;
  api_key_env?: string | null;
}

interface ProviderRow {
  name: string;
  kind: UserProviderKind;
  base_url: string;
  api_key_env: string | null;
}

/** Checks a base URL: http or https, no credentials in it. Returns it without a trailing slash. */
export function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('invalid_input', `Base URL '${value}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('invalid_input', `Base URL '${value}' must start with http:// or https://`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError(
      'invalid_input',
      'A base URL must not carry credentials; name the key variable with --api-key-env',
    );
  }
  return value.replace(/\/+$/, '');
}

/** The providers of one library. */
export class ProviderStore {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date,
  ) {}

  /** Built-ins first, then the library's own, by name. */
  list(): ProviderInfo[] {
    const rows = this.db
      .prepare('SELECT name, kind, base_url, api_key_env FROM providers ORDER BY name')
      .all() as ProviderRow[];
    return withBuiltins(rows);
  }

  /** The provider named `name`; `not_found` names the ones there are. */
  get(name: string): ProviderInfo {
    return findProvider(this.list(), name);
  }

  /** Adds a provider; names are unique and built-ins cannot be replaced. */
  add(provider: NewProvider): ProviderInfo {
    const added = checkNewProvider(provider);
    const result = this.db
      .prepare(
        `INSERT INTO providers (name, kind, base_url, api_key_env, created_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      )
      .run(added.name, added.kind, added.base_url, added.api_key_env, this.clock().toISOString());
    if (result.changes === 0) {
      throw new AppError('conflict', `Provider '${provider.name}' already exists`);
    }
    return added;
  }

  /** Removes a provider people added. */
  remove(name: string): void {
    refuseBuiltinRemoval(name);
    const result = this.db.prepare('DELETE FROM providers WHERE name = ?').run(name);
    if (result.changes === 0) {
      throw new AppError('not_found', `Unknown provider '${name}'`, { provider: name });
    }
  }
}

/** The built-in providers, then those the library added (rows in name order). */
export function withBuiltins(own: readonly Omit<ProviderInfo, 'builtin'>[]): ProviderInfo[] {
  return [...BUILTIN_PROVIDERS, ...own.map((row) => ({ ...row, builtin: false }))];
}

/** The provider named `name` among `all`; `not_found` names the ones there are. */
export function findProvider(all: readonly ProviderInfo[], name: string): ProviderInfo {
  const found = all.find((provider) => provider.name === name);
  if (!found) {
    const names = all.map((provider) => provider.name);
    throw new AppError('not_found', `Unknown provider '${name}' (known: ${names.join(', ')})`, {
      provider: name,
    });
  }
  return found;
}

/** Refuses removing a built-in provider. */
export function refuseBuiltinRemoval(name: string): void {
  if (BUILTIN_PROVIDERS.some((builtin) => builtin.name === name)) {
    throw new AppError('forbidden', `Provider '${name}' is built in and cannot be removed`);
  }
}

/** A provider to add, checked (name, kind, key variable, base URL; not a built-in's name). */
export function checkNewProvider(provider: NewProvider): ProviderInfo {
  if (!new RegExp(PROVIDER_NAME_PATTERN).test(provider.name)) {
    throw new AppError(
      'invalid_input',
      `Provider name '${provider.name}' must be lower-case letters, digits, '-' or '_' (up to 32), starting with a letter`,
    );
  }
  if (!(USER_PROVIDER_KINDS as readonly string[]).includes(provider.kind)) {
    throw new AppError(
      'invalid_input',
      `Provider kind must be one of ${USER_PROVIDER_KINDS.join(', ')}`,
    );
  }
  const env = provider.api_key_env ?? null;
  if (env !== null && !new RegExp(KEY_ENV_PATTERN).test(env)) {
    throw new AppError('invalid_input', `'${env}' is not an environment variable name`);
  }
  const baseUrl = checkBaseUrl(provider.base_url);
  if (BUILTIN_PROVIDERS.some((builtin) => builtin.name === provider.name)) {
    throw new AppError('conflict', `Provider '${provider.name}' is built in`);
  }
  return {
    name: provider.name,
    kind: provider.kind,
    base_url: baseUrl,
    api_key_env: env,
    builtin: false,
  };
}
