import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layers of ARCHITECTURE.md, as the lint config enforces them: each case is a line of
 * code linted as if it were in a file of that folder. Type-aware rules are off here (the
 * files do not exist); the import rules need no types.
 */
const eslint = new ESLint({ overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } }, ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' });

async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

// Loading the config (typescript-eslint and its plugins) takes seconds on a busy machine: once, up front.
beforeAll(async () => {
  await importErrors('electron/common/warm-up.ts', '');
}, 120_000);

describe('the lint config enforces the layers', () => {
  it.each([
    ['a vendor importing another vendor', 'electron/vms/vxg/vxg-extra.ts', "import { IvmsAdapter } from '../ivms/ivms-adapter';", /never imports another vendor/],
    ['a vendor importing the registry', 'electron/vms/vxg/vxg-extra.ts', "import { vendorInfos } from '../registry';", /registry/],
    ['a vendor importing core', 'electron/vms/ivms/ivms-extra.ts', "import { CoreError } from '../../core/errors';", /may not import from/],
    ['a vendor importing the media proxy', 'electron/vms/vxg/vxg-extra.ts', "import { MediaProxy } from '../../media/media-proxy';", /may not import from/],
    ['the vms kit importing a vendor', 'electron/vms/upstream-extra.ts', "import { VxgAdapter } from './vxg/vxg-adapter';", /Only the registry knows the vendors/],
    ['common importing core', 'electron/common/extra.ts', "import { CoreError } from '../core/errors';", /may not import from/],
    ['media importing core', 'electron/media/extra.ts', "import { CoreError } from '../core/errors';", /may not import from/],
    ['core importing the web transport', 'electron/core/extra.ts', "import { startWebTransport } from '../web/web-transport';", /may not import from/],
    ['core importing the simulator', 'electron/core/extra.ts', "import { startSim } from '../../sim/start-sim';", /never imports the simulator/],
    ['the site link importing core', 'electron/site/extra.ts', "import { WallsStore } from '../core/walls/walls-store';", /may not import from/],
    ['the site link importing a vendor', 'electron/site/extra.ts', "import { IvmsAdapter } from '../vms/ivms/ivms-adapter';", /may not import from/],
    ['a vendor importing electron', 'electron/vms/vxg/vxg-extra.ts', "import { app } from 'electron';", /Only electron\/main and electron\/preload/],
  ])('refuses %s', async (_name, file, code, expected) => {
    const errors = await importErrors(file, code);
    expect(errors.length, `${file}: ${code}`).toBe(1);
    expect(errors[0]).toMatch(expected);
  });

  it.each([
    ['a vendor importing common, the kit and its own files', 'electron/vms/vxg/vxg-extra.ts', "import { systemClock } from '../../common/clock';\nimport { VmsError } from '../errors';\nimport { decodeToken } from './vxg-token';"],
    ['the registry importing the vendors', 'electron/vms/registry.ts', "import { vxgVendor } from './vxg/vxg-vendor';"],
    ['core importing vms and media', 'electron/core/extra.ts', "import { MediaProxy } from '../media/media-proxy';\nimport { createAdapter } from '../vms/registry';"],
    ['core importing the site link', 'electron/core/extra.ts', "import { SiteLink } from '../site/site-link';"],
    ['the demo launcher importing the simulator', 'electron/demo/extra.ts', "import { startSim } from '../../sim/start-sim';"],
  ])('allows %s', async (_name, file, code) => {
    expect(await importErrors(file, code)).toEqual([]);
  });
});
