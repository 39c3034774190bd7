/**
 * Seals the passwords Tessera stores (servers added in the UI) so that the file they are
 * kept in does not hold them in clear. The host picks the protection: Electron the OS
 * keychain (safeStorage), the browser mode a key file (see key-file-vault.ts). A sealed
 * value names its format, so a value sealed by the other one fails in words.
 */
export interface CredentialVault {
  /** What protects the sealed values, in words for the log. */
  readonly description: string;
  seal(plain: string): string;
  /** The plain text again; throws VaultError when this vault cannot open the value. */
  open(sealed: string): string;
}

/** A sealed value this vault cannot open; the message says why and what to do. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
}

/** The prefix of each format of sealed value. */
export const SEALED_FORMATS = {
  keyFile: 'aes256gcm.v1:',
  safeStorage: 'safestorage.v1:',
} as const;

/** The words for a value whose format the vault does not handle. */
export function unknownFormat(sealed: string): VaultError {
  if (sealed.startsWith(SEALED_FORMATS.safeStorage)) {
    return new VaultError('This password was stored by the desktop app in the OS keychain (Electron safeStorage) and cannot be read in browser mode: enter it again');
  }
  return new VaultError('This is not a password sealed by Tessera: enter it again');
}
