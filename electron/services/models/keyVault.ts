// Where provider keys live: the environment (the CLI, browser mode) or, in the app, a file of keys
// encrypted by the OS keychain (Electron's safeStorage), read at the moment of each call.
import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import type {
  KeyStoreKind,
  ProviderInfo,
  ProviderKeys,
} from '../../../src-shared/models/providers';
import { writeFileDurably } from '../files/durableWrite';

/** Keys by the name of the variable a provider reads them from. */
export interface KeyVault {
  /** Where keys a person types go: the OS keychain, or nowhere (the environment only). */
  readonly store: KeyStoreKind;
  /** The key for `variable` now, or undefined. */
  get(variable: string): string | undefined;
  /** Stores (or, with null, forgets) a key; refused where keys come from the environment. */
  set(variable: string, key: string | null): void;
}

/** Keys from an environment (`process.env` by default); typed keys are refused. */
export function environmentVault(env: Readonly<Record<string, string | undefined>>): KeyVault {
  return {
    store: 'environment',
    get: (variable) => env[variable],
    set: (variable) => {
      throw new AppError(
        'invalid_input',
        `Keys are read from the environment here: set ${variable} in the environment of pwb serve (or the command) and start it again`,
        { variable },
      );
    },
  };
}

/** The OS keychain's encryption, as Electron's `safeStorage` offers it. */
export interface KeyCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Keys encrypted by the OS keychain in one file beside the app's settings (never in the library
 * database, so exports, copies and backups never carry them). A key not stored there comes from
 * the environment.
 */
export class KeychainVault implements KeyVault {
  readonly store = 'keychain' as const;

  constructor(
    private readonly file: string,
    private readonly cipher: KeyCipher,
    private readonly env: Readonly<Record<string, string | undefined>> = {},
  ) {}

  get(variable: string): string | undefined {
    const sealed = this.read()[variable];
    if (sealed !== undefined && this.cipher.isEncryptionAvailable()) {
      try {
        return this.cipher.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        // A key sealed by another OS user or keychain cannot be opened: fall back to the environment.
      }
    }
    return this.env[variable];
  }

  set(variable: string, key: string | null): void {
    const keys = this.read();
    if (key === null) {
      delete keys[variable];
    } else {
      if (!this.cipher.isEncryptionAvailable()) {
        throw new AppError(
          'invalid_input',
          `The OS keychain is not available, so the key cannot be stored safely: set ${variable} in the environment instead`,
          { variable },
        );
      }
      keys[variable] = this.cipher.encryptString(key).toString('base64');
    }
    writeFileDurably(this.file, JSON.stringify(keys), { mode: 0o600 });
  }

  /** The sealed keys by variable (a map without a prototype: `__proto__` is a valid name). */
  private read(): Record<string, string> {
    const keys: Record<string, string> = Object.create(null) as Record<string, string>;
    if (!existsSync(this.file)) return keys;
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null) {
        for (const [name, value] of Object.entries(parsed)) {
          if (typeof value === 'string') keys[name] = value;
        }
      }
      return keys;
    } catch {
      return keys;
    }
  }
}

/** Which key variables the providers read, which providers read each, and whether it is set. */
export function providerKeyStatus(
  providers: readonly ProviderInfo[],
  vault: KeyVault,
): ProviderKeys {
  const byVariable = new Map<string, string[]>();
  for (const provider of providers) {
    if (provider.api_key_env === null) continue;
    byVariable.set(provider.api_key_env, [
      ...(byVariable.get(provider.api_key_env) ?? []),
      provider.name,
    ]);
  }
  return {
    store: vault.store,
    keys: [...byVariable].map(([variable, names]) => ({
      variable,
      providers: names,
      set: (vault.get(variable) ?? '').trim() !== '',
    })),
  };
}
