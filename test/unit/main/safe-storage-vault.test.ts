import { describe, expect, it } from 'vitest';
import { type CredentialVault, SEALED_FORMATS, VaultError } from '../../../electron/core/credentials/credential-vault';
import { silentLogger } from '../../../electron/common/logger';
import { type SafeStorageApi, SafeStorageVault } from '../../../electron/main/safe-storage-vault';

/** Electron's safeStorage, faked: "encrypts" by reversing the bytes, so a test can tell what went where. */
function fakeSafeStorage(available = true, backend: ReturnType<SafeStorageApi['getSelectedStorageBackend']> = 'gnome_libsecret'): SafeStorageApi & { encrypted: string[] } {
  const encrypted: string[] = [];
  return {
    encrypted,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => {
      encrypted.push(plain);
      return Buffer.from(plain, 'utf8').reverse();
    },
    decryptString: (bytes) => {
      if (bytes.toString('utf8') === 'garbage') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(bytes).reverse().toString('utf8');
    },
  };
}

/** The key-file vault's place, faked. */
const fallback: CredentialVault = {
  description: 'the key file',
  seal: (plain) => `${SEALED_FORMATS.keyFile}${plain.length}`,
  open: (sealed) => {
    if (!sealed.startsWith(SEALED_FORMATS.keyFile)) throw new VaultError('not mine');
    return 'from the key file';
  },
};

describe('SafeStorageVault', () => {
  it('seals with the OS keychain and opens what it sealed', () => {
    const safeStorage = fakeSafeStorage();
    const vault = new SafeStorageVault(safeStorage, fallback, silentLogger, 'linux');
    const sealed = vault.seal('s3cret');
    expect(sealed.startsWith(SEALED_FORMATS.safeStorage)).toBe(true);
    expect(sealed).not.toContain('s3cret');
    expect(safeStorage.encrypted).toEqual(['s3cret']);
    expect(vault.open(sealed)).toBe('s3cret');
    expect(vault.description).toMatch(/OS keychain/);
  });

  it('falls back to the key file where there is no keychain, or only Linux\'s basic_text (a key built into Chromium)', () => {
    for (const safeStorage of [fakeSafeStorage(false), fakeSafeStorage(true, 'basic_text')]) {
      const vault = new SafeStorageVault(safeStorage, fallback, silentLogger, 'linux');
      expect(vault.seal('s3cret')).toBe(`${SEALED_FORMATS.keyFile}6`);
      expect(safeStorage.encrypted).toEqual([]);
      expect(vault.description).toBe('the key file');
    }
    // basic_text is a Linux notion: elsewhere an available keychain is used.
    expect(new SafeStorageVault(fakeSafeStorage(true, 'basic_text'), fallback, silentLogger, 'darwin').seal('x').startsWith(SEALED_FORMATS.safeStorage)).toBe(true);
  });

  it('opens values of either format, whichever it seals with now', () => {
    const vault = new SafeStorageVault(fakeSafeStorage(), fallback, silentLogger, 'win32');
    expect(vault.open(`${SEALED_FORMATS.keyFile}6`)).toBe('from the key file');
  });

  it('says in words why a keychain value cannot be opened', () => {
    const sealed = `${SEALED_FORMATS.safeStorage}${Buffer.from('garbage').toString('base64')}`;
    expect(() => new SafeStorageVault(fakeSafeStorage(), fallback, silentLogger, 'linux').open(sealed)).toThrow(/could not open a stored password/);
    expect(() => new SafeStorageVault(fakeSafeStorage(false), fallback, silentLogger, 'linux').open(sealed)).toThrow(/keychain is not available/);
  });
});
