import type { SafeStorage } from 'electron';
import { type CredentialVault, SEALED_FORMATS, VaultError } from '../core/credentials/credential-vault';
import type { Logger } from '../common/logger';

const PREFIX = SEALED_FORMATS.safeStorage;

/** The parts of Electron's safeStorage the vault uses; structural so unit tests pass a fake. */
export type SafeStorageApi = Pick<SafeStorage, 'encryptString' | 'decryptString' | 'isEncryptionAvailable' | 'getSelectedStorageBackend'>;

/**
 * Electron's vault: passwords sealed by the OS keychain through safeStorage (Keychain on
 * macOS, DPAPI on Windows, the Secret Service or KWallet on Linux), so only this OS
 * account on this machine can open them. Where there is no keychain — safeStorage
 * unavailable, or Linux's `basic_text` backend, which encrypts with a key built into
 * Chromium and so protects nothing — it seals with the key-file vault instead, and says
 * so once in the log. Values of either format open, whichever is in use now.
 *
 * safeStorage works only once the app is ready: create the core after `app.whenReady()`.
 */
export class SafeStorageVault implements CredentialVault {
  private warned = false;

  constructor(
    private readonly safeStorage: SafeStorageApi,
    private readonly fallback: CredentialVault,
    private readonly log: Logger,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  get description(): string {
    return this.keychainUsable() ? 'the OS keychain (Electron safeStorage)' : this.fallback.description;
  }

  seal(plain: string): string {
    if (!this.keychainUsable()) {
      if (!this.warned) this.log.warn(`no OS keychain for safeStorage: passwords are sealed with ${this.fallback.description}`);
      this.warned = true;
      return this.fallback.seal(plain);
    }
    return PREFIX + this.safeStorage.encryptString(plain).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) return this.fallback.open(sealed);
    if (!this.safeStorage.isEncryptionAvailable()) throw new VaultError('The OS keychain is not available, so a stored password cannot be read: unlock the keychain, or enter the password again');
    try {
      return this.safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
    } catch {
      throw new VaultError('The OS keychain could not open a stored password (stored by another user account or on another machine?): enter it again');
    }
  }

  private keychainUsable(): boolean {
    if (!this.safeStorage.isEncryptionAvailable()) return false;
    return !(this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend() === 'basic_text');
  }
}
