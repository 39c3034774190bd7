import { describe, expect, it } from 'vitest';
import { parseLaunchArgs } from '../../../electron/cli/args';

describe('launcher arguments', () => {
  it('defaults to the demo, a free port on loopback, and opening a browser', () => {
    expect(parseLaunchArgs([])).toEqual({ configPath: undefined, demo: true, open: true, port: 0, host: '127.0.0.1', web: false, help: false });
  });

  it('reads --config, --no-demo, --no-open, --port and --web', () => {
    expect(parseLaunchArgs(['--config', 'wall.json', '--no-demo', '--no-open', '--port', '8080', '--web'])).toMatchObject({
      configPath: 'wall.json',
      demo: false,
      open: false,
      port: 8080,
      web: true,
    });
  });

  it('names a bad option', () => {
    expect(() => parseLaunchArgs(['--port', 'eighty'])).toThrow(/--port must be a port number/);
    expect(() => parseLaunchArgs(['--colour'])).toThrow(/colour/);
  });
});
