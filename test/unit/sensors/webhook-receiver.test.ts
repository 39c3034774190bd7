import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookReceiver } from '../../../electron/core/sensors/webhook-receiver';
import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import { SensorConfig } from '../../../shared/model/sensor';

const genea = SensorConfig.parse({ id: 'genea', name: 'Genea', source: { kind: 'webhook', path: '/hooks/genea', signature: 'sequr', secret: 'genea-secret' }, mapping: { id: 'uuid', time: 'event_time', typePath: 'event_action' } });
const generic = SensorConfig.parse({ id: 'panel', name: 'Panel', source: { kind: 'webhook', path: '/hooks/panel', signature: 'sha256', secret: 'panel-secret' } });

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.dispose();
  receiver = undefined;
});

async function start(): Promise<{ url: string; received: string[]; warnings: string[] }> {
  const received: string[] = [];
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (message: string) => warnings.push(message), child: () => log };
  receiver = new WebhookReceiver({
    host: '127.0.0.1',
    port: 0,
    replayWindowMs: 300_000,
    sensors: () => [genea, generic],
    receive: (sensor, body) => {
      received.push(`${sensor.id}:${Buffer.from(body).toString()}`);
      return Promise.resolve('accepted' as const);
    },
    clock: systemClock,
    log,
    onState: () => undefined,
  });
  receiver.start();
  for (let i = 0; i < 50 && !receiver.url(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return { url: receiver.url() ?? '', received, warnings };
}

describe('sensor webhooks', () => {
  it('take a Genea event signed with x-sequr-signature (HMAC-SHA1), and refuse a bad signature with 401 and nothing else', async () => {
    const { url, received, warnings } = await start();
    const body = JSON.stringify({ uuid: 'u-1', event_time: new Date().toISOString(), event_action: 'SEQUR_ACCESS_GRANTED' });
    const good = await fetch(`${url}/hooks/genea`, { method: 'POST', body, headers: { 'x-sequr-signature': `sha1=${createHmac('sha1', 'genea-secret').update(body).digest('hex')}` } });
    expect(good.status).toBe(200);
    const bad = await fetch(`${url}/hooks/genea`, { method: 'POST', body, headers: { 'x-sequr-signature': `sha1=${createHmac('sha1', 'wrong').update(body).digest('hex')}` } });
    expect(bad.status).toBe(401);
    const unsigned = await fetch(`${url}/hooks/genea`, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(received).toEqual([`genea:${body}`]);
    expect(warnings).toHaveLength(2);
  });

  it('take a SHA-256 signature (hex or base64, with a signed timestamp) and refuse replays outside the window', async () => {
    const { url, received } = await start();
    const body = JSON.stringify({ id: 'p-1', type: 'fire' });
    const hex = createHmac('sha256', 'panel-secret').update(body).digest('hex');
    expect((await fetch(`${url}/hooks/panel`, { method: 'POST', body, headers: { 'x-signature-256': `sha256=${hex}` } })).status).toBe(200);
    const stamp = String(Math.floor(Date.now() / 1000));
    const stamped = createHmac('sha256', 'panel-secret').update(`${stamp}.${body}`).digest('base64');
    expect((await fetch(`${url}/hooks/panel`, { method: 'POST', body, headers: { 'x-signature-256': `sha256=${stamped}`, 'x-signature-timestamp': stamp } })).status).toBe(200);
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    const replay = createHmac('sha256', 'panel-secret').update(`${old}.${body}`).digest('hex');
    expect((await fetch(`${url}/hooks/panel`, { method: 'POST', body, headers: { 'x-signature-256': `sha256=${replay}`, 'x-signature-timestamp': old } })).status).toBe(401);
    const oldEvent = JSON.stringify({ id: 'p-2', type: 'fire', time: new Date(Date.now() - 3600_000).toISOString() });
    expect((await fetch(`${url}/hooks/panel`, { method: 'POST', body: oldEvent, headers: { 'x-signature-256': `sha256=${createHmac('sha256', 'panel-secret').update(oldEvent).digest('hex')}` } })).status).toBe(401);
    expect((await fetch(`${url}/hooks/nobody`, { method: 'POST', body })).status).toBe(404);
    expect(received).toHaveLength(2);
  });
});
