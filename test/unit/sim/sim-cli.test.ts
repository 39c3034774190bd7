import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** `npm run sim` as a user runs it (from source here, so the test needs no build). */
const ROOT = resolve(import.meta.dirname, '../../..');
let child: ChildProcess | undefined;

function runCli(args: readonly string[], untilLine?: RegExp): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const started = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  let stdout = '';
  let stderr = '';
  return new Promise((done) => {
    started.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (untilLine?.test(stdout)) done({ stdout, stderr, code: null });
    });
    started.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    started.once('exit', (code) => done({ stdout, stderr, code }));
  });
}

afterEach(async () => {
  const running = child;
  child = undefined;
  if (!running || running.exitCode !== null || running.signalCode !== null) return;
  await new Promise((resolveExit) => {
    running.once('exit', resolveExit);
    running.kill('SIGTERM');
  });
});

describe('npm run sim', () => {
  it('prints one line per front and the VXG credentials to paste, and the group token opens every site channel', async () => {
    const { stdout } = await runCli(['--vendor', 'ivms,vxg,een', '--port', '0', '--vxg-port', '0', '--een-port', '0', '--cameras', '2', '--no-recording', '--events-per-minute', '0'], /^Eagle Eye password: \S+$/m);
    const lines = stdout.trim().split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual(['IVMS simulator', 'VXG simulator', 'VXG cloud key', 'VXG group token', 'Eagle Eye simulator', 'Eagle Eye user', 'Eagle Eye v3 client', 'Eagle Eye v3 secret', 'Eagle Eye password']);
    const vxgUrl = lines[1]?.split(': ')[1] ?? '';
    const groupToken = lines[3]?.split(': ')[1] ?? '';
    const channels = (await (await fetch(`${vxgUrl}/api/v5/channels/`, { headers: { authorization: `SI ${groupToken}` } })).json()) as { objects: Array<{ id: number }> };
    expect(channels.objects.map((channel) => channel.id)).toEqual([100_001, 100_002]);
    const ivmsUrl = lines[0]?.split(': ')[1] ?? '';
    expect((await fetch(`${ivmsUrl}/REST/local/channel`)).status).toBe(200);
  }, 30_000);

  it('serves the cameras --ivms-cameras and --vxg-cameras name through each front, as the demo wall splits one site', async () => {
    const args = ['--vendor', 'ivms,vxg', '--port', '0', '--vxg-port', '0', '--cameras', '3', '--ivms-cameras', '1-2', '--vxg-cameras', '3', '--no-recording', '--events-per-minute', '0'];
    const { stdout } = await runCli(args, /^VXG group token: \S+$/m);
    const [ivmsLine = '', vxgLine = '', , groupLine = ''] = stdout.trim().split('\n');
    const ivmsChannels = (await (await fetch(`${ivmsLine.split(': ')[1] ?? ''}/REST/local/channel`)).json()) as { result: Array<{ id: number }> };
    expect(ivmsChannels.result.map((channel) => channel.id)).toEqual([1, 2]);
    const vxgChannels = (await (await fetch(`${vxgLine.split(': ')[1] ?? ''}/api/v5/channels/`, { headers: { authorization: `SI ${groupLine.split(': ')[1] ?? ''}` } })).json()) as {
      objects: Array<{ id: number }>;
    };
    expect(vxgChannels.objects.map((channel) => channel.id)).toEqual([100_003]);
  }, 30_000);

  it('refuses a camera list the site cannot serve, saying why', async () => {
    const beyond = await runCli(['--cameras', '4', '--vxg-cameras', '9-12']);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain('--vxg-cameras names camera 9, 10, 11, 12, but the site has 4 (--cameras)');
    const garbled = await runCli(['--ivms-cameras', 'one']);
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toContain('--ivms-cameras must list camera ids and ranges such as 1-8 or 1,3,5-7, got "one"');
  }, 60_000);

  it('refuses an unknown vendor, saying which are known', async () => {
    const { code, stderr } = await runCli(['--vendor', 'eagle']);
    expect(code).toBe(2);
    expect(stderr).toContain('--vendor must be ivms, vxg, een, milestone, a comma-separated list of them, or all, got "eagle"');
  }, 30_000);
});
