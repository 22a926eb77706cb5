// Where provider keys live: sealed in a file by a keychain cipher (the app), or the environment.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught } from '../../../src-shared/testKit/caught';
import { KeychainVault, environmentVault } from './keyVault';
import type { KeyCipher } from './keyVault';

/** A real cipher (AES-256-GCM with a key held in memory), as the OS keychain would seal. */
function aesCipher(available = true): KeyCipher {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString();
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pwb-vault-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('KeychainVault', () => {
  it('seals typed keys in its file, reads them back, forgets them, and falls back to the environment', () => {
    const file = join(dir, 'keys.json');
    const cipher = aesCipher();
    const vault = new KeychainVault(file, cipher, { LOCAL_KEY: 'from-env' });
    expect(vault.get('LOCAL_KEY')).toBe('from-env');
    vault.set('LOCAL_KEY', 'sk-typed-secret-123');
    vault.set('__proto__', 'sk-odd-name');
    expect(readFileSync(file, 'utf8')).not.toContain('sk-typed');
    expect(new KeychainVault(file, cipher).get('LOCAL_KEY')).toBe('sk-typed-secret-123');
    expect(vault.get('__proto__')).toBe('sk-odd-name');
    vault.set('LOCAL_KEY', null);
    expect(vault.get('LOCAL_KEY')).toBe('from-env');
  });

  it('refuses to store a key when the keychain is unavailable, and writes nothing', () => {
    const file = join(dir, 'keys.json');
    const vault = new KeychainVault(file, aesCipher(false));
    const error = caught(() => vault.set('LOCAL_KEY', 'sk-typed'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/keychain is not available.*LOCAL_KEY/);
    expect(error.message).not.toContain('sk-typed');
    expect(() => readFileSync(file)).toThrow();
  });
});

describe('environmentVault', () => {
  it('reads the environment and refuses typed keys, naming where to put them', () => {
    const vault = environmentVault({ OPENAI_API_KEY: 'sk-env' });
    expect(vault.get('OPENAI_API_KEY')).toBe('sk-env');
    const error = caught(() => vault.set('OPENAI_API_KEY', 'sk-typed'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/environment.*OPENAI_API_KEY/);
  });
});
