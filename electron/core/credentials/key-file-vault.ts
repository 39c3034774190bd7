import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CredentialVault, SEALED_FORMATS, unknownFormat, VaultError } from './credential-vault';

/** Where the browser mode keeps its key, in the data directory. */
export const CREDENTIALS_KEY_FILE = 'credentials.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = SEALED_FORMATS.keyFile;

/**
 * The browser mode's stand-in for Electron's safeStorage: AES-256-GCM under a random
 * 32-byte key kept in its own file (`credentials.key`, mode 0600), created when the first
 * password is stored.
 *
 * What it protects against: `servers.json` copied, backed up, synced or attached to a
 * support ticket on its own — without the key file the passwords in it cannot be read,
 * and GCM's tag makes a tampered value fail instead of decrypting to something else.
 * What it does not: anyone who can read files as the same OS account (or as root) reads
 * the key file as well, as with any scheme that asks for no password at start. Where the
 * OS keychain is available (Electron), it is used instead.
 */
export class KeyFileVault implements CredentialVault {
  readonly description: string;
  private key: Buffer | undefined;

  constructor(private readonly keyPath: string) {
    this.description = `AES-256-GCM with the key file ${keyPath}`;
  }

  seal(plain: string): string {
    const key = this.loadKey(true);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw unknownFormat(sealed);
    const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new VaultError('A stored password is damaged: enter it again');
    const key = this.loadKey(false);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError(`A stored password does not match the key in ${this.keyPath} (the key file was replaced, or the data comes from another machine): enter it again`);
    }
  }

  private loadKey(create: boolean): Buffer {
    if (this.key) return this.key;
    let key = this.readKey();
    if (!key && create) key = this.createKey();
    if (!key) throw new VaultError(`The key to the stored passwords (${this.keyPath}) is missing: enter the passwords again`);
    this.key = key;
    return key;
  }

  private readKey(): Buffer | undefined {
    let key: Buffer;
    try {
      key = readFileSync(this.keyPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (key.length !== KEY_BYTES) throw new VaultError(`The key file ${this.keyPath} is damaged (${key.length} bytes, not ${KEY_BYTES}): enter the passwords again after removing it`);
    // A key file that became readable by others (copied with cp -p, restored from a
    // backup) is put back to owner-only. Windows has no such mode bits.
    if (process.platform !== 'win32' && (statSync(this.keyPath).mode & 0o077) !== 0) chmodSync(this.keyPath, 0o600);
    return key;
  }

  private createKey(): Buffer {
    const key = randomBytes(KEY_BYTES);
    mkdirSync(dirname(this.keyPath), { recursive: true, mode: 0o700 });
    try {
      // `wx`: never overwrite a key another Tessera just wrote; its passwords would be lost.
      writeFileSync(this.keyPath, key, { mode: 0o600, flag: 'wx' });
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = this.readKey();
      if (!existing) throw error;
      return existing;
    }
  }
}
