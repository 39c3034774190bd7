import { runNode, writeTempJson } from '../fixtures/processes';
import { expect, test } from './fixtures';

test('a bad config file is refused with a message naming the field, exit code 2', async () => {
  const config = await writeTempJson('bad.json', { servers: [{ id: 'hq', type: 'ivms', url: 'ftp://nope' }] });
  const result = await runNode('dist/cli/launcher.js', ['--web', '--no-open', '--config', config]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('servers[0].url');
  expect(result.stdout).toBe('');
});

test('an unknown option is refused with usage, exit code 2', async () => {
  const result = await runNode('dist/cli/launcher.js', ['--colour']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('Usage: npm start');
});

test('the launcher prints exactly one line on stdout, the wall URL', async ({ launch }) => {
  const app = await launch.app({ extraArgs: ['--no-demo'] });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(app.proc.stdout()).toBe(`Tessera wall: ${app.url}\n`);
  expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?k=[\w-]{40,}$/);
});
