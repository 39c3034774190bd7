import { existsSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEALED_FORMATS, VaultError } from '../../../../electron/core/credentials/credential-vault';
import { KeyFileVault } from '../../../../electron/core/credentials/key-file-vault';

const keyPath = async (): Promise<string> => join(await mkdtemp(join(tmpdir(), 'tessera-vault-')), 'data', 'credentials.key');
const SECRET = 'Pässwörd: with spaces & ünïcode ';

describe('KeyFileVault', () => {
  it('seals to something that does not contain the password, and opens it again', async () => {
    const vault = new KeyFileVault(await keyPath());
    const sealed = vault.seal(SECRET);
    expect(sealed.startsWith(SEALED_FORMATS.keyFile)).toBe(true);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(vault.open(sealed)).toBe(SECRET);
    // A fresh IV each time: equal passwords do not look equal on disk.
    expect(vault.seal(SECRET)).not.toBe(sealed);
  });

  it('creates its key only when the first password is sealed, 32 random bytes readable by the owner alone', async () => {
    const path = await keyPath();
    const vault = new KeyFileVault(path);
    expect(existsSync(path)).toBe(false);
    vault.seal('x');
    expect((await readFile(path)).length).toBe(32);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('opens with the same key file after a restart, and puts a key file others could read back to 0600', async () => {
    const path = await keyPath();
    const sealed = new KeyFileVault(path).seal(SECRET);
    if (process.platform !== 'win32') await chmod(path, 0o644);
    expect(new KeyFileVault(path).open(sealed)).toBe(SECRET);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('cannot open a value without its key file: the sealed file copied alone is useless', async () => {
    const sealed = new KeyFileVault(await keyPath()).seal(SECRET);
    const elsewhere = new KeyFileVault(await keyPath());
    expect(() => elsewhere.open(sealed)).toThrow(/key to the stored passwords .* is missing/);
    elsewhere.seal('another key now exists');
    expect(() => elsewhere.open(sealed)).toThrow(/does not match the key/);
  });

  it('refuses a tampered value instead of decrypting it to something else', async () => {
    const vault = new KeyFileVault(await keyPath());
    const bytes = Buffer.from(vault.seal(SECRET).slice(SEALED_FORMATS.keyFile.length), 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => vault.open(SEALED_FORMATS.keyFile + bytes.toString('base64'))).toThrow(VaultError);
  });

  it('says in words that a value sealed by the desktop app cannot be read in browser mode', async () => {
    const vault = new KeyFileVault(await keyPath());
    expect(() => vault.open(`${SEALED_FORMATS.safeStorage}AAAA`)).toThrow(/OS keychain .* browser mode/);
  });

  it('says a damaged key file is damaged', async () => {
    const path = await keyPath();
    const vault = new KeyFileVault(path);
    const sealed = vault.seal(SECRET);
    await writeFile(path, 'short');
    expect(() => new KeyFileVault(path).open(sealed)).toThrow(/damaged/);
  });
});
