import fc from 'fast-check';
import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app-core';
import { ConfigError, loadConfigFile, parseConfig } from '../../../electron/core/config';
import { silentLogger } from '../../../electron/common/logger';
import { gridLayout } from '../../../shared/model/layout';
import type { MonitorView } from '../../../shared/model/wall';
import { FUZZ_SEED, hostileValue } from '../support/hostile';
import { ManualClock } from '../support/manual-clock';

/**
 * Every store file (walls.json, servers.json, settings.json) and the deployment file, with
 * random damage: the app starts, says what it set aside (and keeps the damaged bytes), and
 * loses nothing in the other stores. The deployment file is either read or refused with a
 * ConfigError naming what is wrong (the launcher's exit code 2), never another exception.
 */
const STORES = ['walls.json', 'servers.json', 'settings.json'] as const;
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);

const layout = gridLayout(2, 2);
const view: MonitorView = { layout, tiles: [{ serverId: 'hq', cameraId: '1', source: { mode: 'live' } }, null, null, null], maximized: null, playback: null, carousels: {}, cycle: null };

function start(dataDir: string): Core {
  return createCore({ config: parseConfig({}), dataDir, info: { version: '0.0.0-fuzz', transport: 'web', demo: false }, log: silentLogger, clock: new ManualClock() });
}

/** What each store holds, as the core reports it. */
async function holdings(core: Core): Promise<Record<(typeof STORES)[number], string>> {
  const read = async (channel: 'walls.get' | 'servers.settings' | 'settings.get'): Promise<string> => JSON.stringify(await core.registry.invoke(channel, {}, { clientId: 'fuzz' }));
  return { 'walls.json': await read('walls.get'), 'servers.json': await read('servers.settings'), 'settings.json': await read('settings.get') };
}

let pristine: string;
let original: Record<(typeof STORES)[number], string>;

beforeAll(async () => {
  pristine = await mkdtemp(join(tmpdir(), 'tessera-stores-'));
  const core = start(pristine);
  const context = { clientId: 'seed' };
  const results = [
    await core.registry.invoke('settings.update', { operatorName: 'Asha' }, context),
    await core.registry.invoke('walls.save', { id: 'night', name: 'Night', monitors: [view] }, context),
    await core.registry.invoke('walls.saveCurrent', { monitor: 0, view }, context),
    await core.registry.invoke('servers.add', { id: 'yard', type: 'ivms', name: 'Yard', values: { url: 'http://127.0.0.1:9', pathPrefix: '', timeZone: 'UTC' } }, context),
  ];
  for (const result of results) expect(result).toMatchObject({ ok: true });
  await core.dispose();
  const again = start(pristine);
  original = await holdings(again);
  await again.dispose();
  for (const name of STORES) expect(original[name], `${name} holds what was saved`).toMatch(/Asha|night|yard/);
});

/** Damage as disks, editors and crashes make it. */
const damage = (bytes: Buffer): fc.Arbitrary<{ what: string; bytes: Buffer }> =>
  fc.oneof(
    fc.nat({ max: Math.max(0, bytes.length - 1) }).map((at) => ({ what: `cut at ${at}`, bytes: bytes.subarray(0, at) })),
    fc.tuple(fc.nat({ max: Math.max(0, bytes.length - 1) }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, noise]) => {
      const copy = Buffer.from(bytes);
      copy.set(noise.subarray(0, Math.max(0, copy.length - at)), at);
      return { what: `${noise.length} bytes overwritten at ${at}`, bytes: copy };
    }),
    fc.constantFrom('', '\u0000\u0000\u0000', '{}', '{"walls":7}', '{"servers":[{"id":5}]}', '{"servers":{"id":5}}', '{"operatorName":{"$gt":""}}', '{"current":[],"walls":{}}', '{"__proto__":{"polluted":true}}', '\ufeff{}').map((text) => ({ what: `replaced by ${JSON.stringify(text)}`, bytes: Buffer.from(text) })),
    hostileValue.filter(isObject).map((value) => ({ what: 'replaced by a random JSON object', bytes: Buffer.from(JSON.stringify(value)) })),
    fc.constant({ what: 'zeroed', bytes: Buffer.alloc(bytes.length) }),
  );

/** JSON that is not an object: a number, a string, null, a list. */
const notAnObject: fc.Arbitrary<{ what: string; bytes: Buffer }> = fc
  .oneof(fc.constantFrom('0', 'null', '[1,2,3]', '"text"', 'true'), hostileValue.filter((value) => !isObject(value)).map((value) => JSON.stringify(value ?? null)))
  .map((text) => ({ what: `replaced by ${text.slice(0, 40)}`, bytes: Buffer.from(text) }));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Damage that reads as a store file someone emptied or rewrote: one JSON object with none
 * of the keys the store wrote. The store reads it as empty, as it reads `{}`, which is all
 * it can do; anything else that changes what a store holds must be reported.
 */
function looksRewritten(bytes: Buffer, original: Buffer): boolean {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    const keys = Object.keys(JSON.parse(original.toString('utf8')) as Record<string, unknown>);
    return isObject(value) && Object.keys(value).every((key) => !keys.includes(key));
  } catch {
    return false;
  }
}

describe('damaged store files', () => {
  const check = async (scenario: (files: Record<(typeof STORES)[number], Buffer>) => fc.Arbitrary<{ name: (typeof STORES)[number]; what: string; bytes: Buffer }>): Promise<void> => {
    const files = Object.fromEntries(await Promise.all(STORES.map(async (name) => [name, await readFile(join(pristine, name))] as const))) as Record<(typeof STORES)[number], Buffer>;
    await fc.assert(
      fc.asyncProperty(scenario(files), async ({ name, bytes }) => {
        const dataDir = await mkdtemp(join(tmpdir(), 'tessera-damaged-'));
        for (const store of STORES) await copyFile(join(pristine, store), join(dataDir, store));
        await writeFile(join(dataDir, name), bytes);
        const core = start(dataDir);
        try {
          const now = await holdings(core);
          const problems = (await core.registry.invoke('app.problems', {}, { clientId: 'fuzz' })) as { ok: true; value: Array<{ message: string; backup?: string }> };
          for (const other of STORES.filter((store) => store !== name)) expect(now[other], `${other} kept while ${name} was damaged`).toBe(original[other]);
          if (now[name] !== original[name] && !looksRewritten(bytes, files[name])) {
            // It lost something: it must say so, and keep the damaged file's bytes where it says.
            expect(problems.value.length, `${name} lost content without saying so`).toBeGreaterThan(0);
            const backups = problems.value.map((problem) => problem.backup).filter((backup) => backup !== undefined);
            expect(backups.length, `${name}: a backup is named`).toBeGreaterThan(0);
            const kept = await Promise.all(backups.map((backup) => readFile(backup)));
            expect(kept.some((copy) => copy.equals(bytes)), `${name}: the damaged bytes are kept in ${backups.join(', ')}`).toBe(true);
          }
          expect(await core.registry.invoke('app.info', {}, { clientId: 'fuzz' })).toMatchObject({ ok: true });
        } finally {
          await core.dispose();
        }
        // A second start does not complain again about what the first set aside.
        const second = start(dataDir);
        try {
          const problems = (await second.registry.invoke('app.problems', {}, { clientId: 'fuzz' })) as { ok: true; value: unknown[] };
          expect(problems.value, 'problems on the next start').toEqual([]);
        } finally {
          await second.dispose();
        }
        expect((await readdir(dataDir)).length).toBeGreaterThanOrEqual(STORES.length);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
  };

  it('the app starts, says what it set aside, and keeps everything else', async () => {
    await check((files) => fc.constantFrom(...STORES).chain((name) => damage(files[name]).map((hurt) => ({ name, ...hurt }))));
  });

  // Known gap: conf takes a store file holding JSON that is not an object (`0`, `null`,
  // `[1,2,3]`) for an empty store, so the servers or walls in it are lost without a word.
  // The fix (store files must hold one object, else set aside) is on the branch hardening
  // the stores; once it is merged this fails, and `it.fails` becomes `it`.
  it('a store file holding JSON that is not an object is set aside and reported too', async () => {
    await check(() => fc.constantFrom(...STORES).chain((name) => notAnObject.map((hurt) => ({ name, ...hurt }))));
  });

  it('a damaged deployment file is read or refused with a ConfigError, never anything else', async () => {
    const good = Buffer.from(
      JSON.stringify({
        servers: [{ id: 'hq', type: 'ivms', name: 'Head office', url: 'http://127.0.0.1:9', redundantUrl: 'http://127.0.0.1:10', pathPrefix: '/V-Pro-IVMS-APIServer', timeZone: 'Asia/Kolkata' }],
        journal: { retentionDays: 90, maxMegabytes: 4096 },
        walls: [{ id: 'night', name: 'Night shift', hotkey: 1, monitors: [{ layout: '3x3', tiles: [{ serverId: 'hq', cameraId: '1' }, null] }] }],
        defaultWall: 'night',
      }),
    );
    expect(parseConfig(JSON.parse(good.toString()))).toMatchObject({ defaultWall: 'night' });
    const dir = await mkdtemp(join(tmpdir(), 'tessera-config-'));
    await fc.assert(
      fc.asyncProperty(damage(good), async ({ bytes }) => {
        const path = join(dir, 'tessera.json');
        await writeFile(path, bytes);
        try {
          await loadConfigFile(path);
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(ConfigError);
          expect((error as Error).message.length).toBeGreaterThan(10);
        }
      }),
      { seed: FUZZ_SEED, numRuns: RUNS * 3 },
    );
  });
});
