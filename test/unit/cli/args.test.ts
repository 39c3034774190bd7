import { describe, expect, it } from 'vitest';
import { argsAfterScript, parseLaunchArgs } from '../../../electron/cli/args';

describe('launcher arguments', () => {
  it('defaults to the demo, a free port on loopback, and opening a browser', () => {
    expect(parseLaunchArgs([])).toEqual({ configPath: undefined, demo: true, open: true, port: 0, host: '127.0.0.1', dataDir: undefined, web: false, kiosk: false, windowed: false, help: false });
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

  it('reads --kiosk and --windowed, which exclude each other', () => {
    expect(parseLaunchArgs(['--kiosk'])).toMatchObject({ kiosk: true, windowed: false });
    expect(parseLaunchArgs(['--windowed'])).toMatchObject({ kiosk: false, windowed: true });
    expect(() => parseLaunchArgs(['--kiosk', '--windowed'])).toThrow(/cannot be used together/);
  });

  it('binds only to loopback: --host ::1 or localhost is fine, a network address is refused, saying why', () => {
    expect(parseLaunchArgs(['--host', '::1']).host).toBe('::1');
    expect(parseLaunchArgs(['--host', 'localhost']).host).toBe('localhost');
    expect(parseLaunchArgs(['--host', '127.0.0.2']).host).toBe('127.0.0.2');
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'wall-pc.example']) expect(() => parseLaunchArgs(['--host', host])).toThrow(/--host must be a loopback address .* plain HTTP/);
  });

  it('names a bad option', () => {
    expect(() => parseLaunchArgs(['--port', 'eighty'])).toThrow(/--port must be a port number/);
    expect(() => parseLaunchArgs(['--colour'])).toThrow(/colour/);
  });
});

describe('argsAfterScript', () => {
  it('takes what follows the entry script, whatever switches come before it', () => {
    expect(argsAfterScript(['/bin/electron', '--inspect=0', '--remote-debugging-port=0', '/app/dist/main/electron.js', '--config', 'a.json'], '/app/dist/main/electron.js', false)).toEqual(['--config', 'a.json']);
  });

  it('drops automation switches in a packaged app, which has no script argument', () => {
    expect(argsAfterScript(['/opt/Tessera/tessera', '--remote-debugging-port=0', '--no-demo'], '/opt/Tessera/resources/app.asar/dist/main/electron.js', true)).toEqual(['--no-demo']);
  });
});
