import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

interface PackContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly arch: number;
  readonly packager: { readonly executableName: string; readonly appInfo: { readonly productFilename: string } };
}
const hook = createRequire(import.meta.url)('../../../scripts/electron-fuses.cjs') as { default: (context: PackContext) => Promise<void>; packagedBinary: (context: PackContext) => string };

/** Electron's fuse wire as it is compiled into the binary: sentinel, version 1, length 8, one byte per fuse ('1' on, '0' off). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
function fakeElectron(): Buffer {
  const wire = Buffer.from([1, 8, ...Buffer.from('10110001')]);
  return Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL), wire, Buffer.alloc(4096, 0x90)]);
}

describe('packaging: Electron fuses', () => {
  it('turns off running as Node, NODE_OPTIONS and --inspect, loads only from app.asar and encrypts cookies, in the packaged binary', async () => {
    const appOutDir = await mkdtemp(join(tmpdir(), 'tessera-pack-'));
    const context: PackContext = { appOutDir, electronPlatformName: 'linux', arch: 1, packager: { executableName: 'tessera', appInfo: { productFilename: 'Tessera' } } };
    const binary = join(appOutDir, 'tessera');
    await writeFile(binary, fakeElectron());
    await hook.default(context);
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    const on = (fuse: FuseV1Options): boolean => wire[fuse] === 0x31;
    expect(on(FuseV1Options.RunAsNode)).toBe(false);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(true);
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges), 'fuses not named are left as Electron ships them').toBe(true);
    expect((await readFile(binary)).length).toBe(fakeElectron().length);
  });

  it('finds the binary electron-builder laid out on each platform', () => {
    const context = (electronPlatformName: string): PackContext => ({ appOutDir: '/out', electronPlatformName, arch: 1, packager: { executableName: 'tessera', appInfo: { productFilename: 'Tessera' } } });
    expect(hook.packagedBinary(context('linux'))).toBe('/out/tessera');
    expect(hook.packagedBinary(context('win32'))).toBe('/out/Tessera.exe');
    expect(hook.packagedBinary(context('darwin'))).toBe('/out/Tessera.app');
  });
});
