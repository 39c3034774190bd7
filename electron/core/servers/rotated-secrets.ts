import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../common/logger';
import type { SecretSink } from '../../vms/vendor';
import type { CredentialVault } from '../credentials/credential-vault';
import type { StoreFile } from '../stores/store-file';

/** `secrets.json` in the data directory. */
export const ROTATED_SECRETS_FILE = 'secrets';

const Entry = z.object({
  /** Which configured credentials these were obtained from (see `credentialFingerprint`). */
  fingerprint: z.string(),
  sealed: z.record(z.string(), z.string()),
});

const SecretsFile = z.object({ version: z.literal(1), servers: z.record(z.string(), Entry) });
type SecretsFile = z.infer<typeof SecretsFile>;

/**
 * Secrets adapters obtain while they run — an OAuth refresh token that rotates on every
 * use, a token the VMS hands out — sealed by the vault and kept per server, so that a
 * restart finds the newest one. Each is tied to the configured credentials it came from:
 * once the operator enters new ones, the old rotations no longer apply. Writes are whole
 * and atomic (temporary file, then rename) and happen before `save` returns, so a crash
 * leaves the previous secret or the new one, never neither.
 */
export class RotatedSecrets {
  private current: SecretsFile;

  constructor(
    private readonly file: StoreFile,
    private readonly vault: CredentialVault,
    private readonly log: Logger,
  ) {
    const content = file.read();
    const parsed = content.state === 'ok' ? SecretsFile.safeParse(content.value) : undefined;
    if (content.state !== 'missing' && !parsed?.success) log.warn('secrets.json cannot be read: servers sign in again with their configured credentials');
    this.current = parsed?.success ? parsed.data : { version: 1, servers: {} };
  }

  /** The secrets a server obtained, if they came from the credentials it has now. */
  read(serverId: string, fingerprint: string): Record<string, string> {
    const entry = this.current.servers[serverId];
    if (entry?.fingerprint !== fingerprint) return {};
    const opened: Record<string, string> = {};
    for (const [key, sealed] of Object.entries(entry.sealed)) {
      try {
        opened[key] = this.vault.open(sealed);
      } catch (error) {
        this.log.warn(`a stored ${key} of server ${serverId} cannot be opened; it signs in again`, { error });
      }
    }
    return opened;
  }

  sinkFor(serverId: string, fingerprint: string): SecretSink {
    return {
      save: (values) => {
        const previous = this.current.servers[serverId];
        const kept = previous?.fingerprint === fingerprint ? previous.sealed : {};
        const sealed = { ...kept };
        for (const [key, value] of Object.entries(values)) sealed[key] = this.vault.seal(value);
        const next: SecretsFile = { version: 1, servers: { ...this.current.servers, [serverId]: { fingerprint, sealed } } };
        this.file.write(next);
        this.current = next;
      },
    };
  }

  forget(serverId: string): void {
    if (!(serverId in this.current.servers)) return;
    const servers = Object.fromEntries(Object.entries(this.current.servers).filter(([id]) => id !== serverId));
    const next: SecretsFile = { version: 1, servers };
    this.file.write(next);
    this.current = next;
  }
}

/** A digest of a server's configured secrets and where they go: what its rotated secrets belong to. */
export function credentialFingerprint(secrets: Readonly<Record<string, string>>, origins: readonly string[]): string {
  const ordered = Object.keys(secrets)
    .sort()
    .map((key) => [key, secrets[key]]);
  return createHash('sha256').update(JSON.stringify({ ordered, origins })).digest('hex').slice(0, 32);
}
