import { z } from 'zod';
import { Router, sendJson } from '../http/router';
import type { MilestoneFront } from './front';
import { badInputAs400, readJsonBody } from '../http/control-routes';

const EventsBody = z.object({ camera: z.number().int().optional(), kind: z.string().optional(), count: z.number().int().min(1).max(100_000).default(1), perSecond: z.number().min(1).max(10_000).default(100) }).strict();
const AlarmBody = z.object({ camera: z.number().int(), name: z.string().min(1).default('Intrusion') }).strict();
const AlarmPatch = z.object({ state: z.number().int().optional(), comment: z.string().optional(), assignedTo: z.string().optional() }).strict();
const WebhookConfig = z.object({ url: z.url(), secret: z.string().min(1), encoding: z.enum(['hex', 'base64']).default('hex'), retryMs: z.number().int().min(0).default(30_000) }).strict();
const WebhookSend = z.object({ badSignature: z.boolean().default(false), failFirst: z.boolean().default(false) }).strict();

/** `/_sim/...` of the Milestone front: its state, credentials, faults, events, alarms and webhooks. */
export function createMilestoneControl(front: MilestoneFront): Router {
  return new Router()
    .on('GET', /^\/_sim\/state$/, (_request, response) => sendJson(response, 200, front.state()))
    .on('GET', /^\/_sim\/credentials$/, (_request, response) => sendJson(response, 200, { url: front.url, username: front.username, password: front.password }))
    .on('GET', /^\/_sim\/faults$/, (_request, response) => sendJson(response, 200, front.faults))
    .on('PUT', /^\/_sim\/faults$/, badInputAs400(async (request, response) => {
      front.setFaults(await readJsonBody(request));
      sendJson(response, 200, front.faults);
    }))
    .on('DELETE', /^\/_sim\/faults$/, (_request, response) => {
      front.resetFaults();
      sendJson(response, 200, front.faults);
    })
    .on('PUT', /^\/_sim\/token-life$/, badInputAs400(async (request, response) => {
      const { seconds } = z.object({ seconds: z.number().int().min(1) }).strict().parse(await readJsonBody(request));
      front.setTokenLife(seconds);
      sendJson(response, 200, { seconds });
    }))
    .on('POST', /^\/_sim\/revoke-tokens$/, (_request, response) => {
      front.revokeTokens();
      sendJson(response, 200, {});
    })
    .on('POST', /^\/_sim\/revoke-soap-tokens$/, (_request, response) => {
      front.revokeSoapTokens();
      sendJson(response, 200, {});
    })
    .on('POST', /^\/_sim\/drop-sockets$/, (_request, response) => sendJson(response, 200, { dropped: front.dropSockets() }))
    .on('GET', /^\/_sim\/events$/, (_request, response) => sendJson(response, 200, front.events()))
    .on('GET', /^\/_sim\/created-events$/, (_request, response) => sendJson(response, 200, front.createdEvents()))
    .on('POST', /^\/_sim\/events$/, badInputAs400(async (request, response) => {
      const body = EventsBody.parse(await readJsonBody(request));
      if (body.count === 1) return sendJson(response, 200, (await front.emitEvent(body.camera, body.kind)) ?? {});
      front.burst(body.count, body.perSecond);
      sendJson(response, 202, { count: body.count });
    }))
    .on('GET', /^\/_sim\/alarms$/, (_request, response) => sendJson(response, 200, front.alarms()))
    .on('POST', /^\/_sim\/alarms$/, badInputAs400(async (request, response) => {
      const body = AlarmBody.parse(await readJsonBody(request));
      sendJson(response, 200, front.raiseAlarm(body.camera, body.name));
    }))
    .on('PATCH', /^\/_sim\/alarms\/([^/]+)$/, badInputAs400(async (request, response, [id = '']) => {
      const alarm = front.updateAlarm(id, AlarmPatch.parse(await readJsonBody(request)));
      sendJson(response, alarm ? 200 : 404, alarm ?? { error: `no alarm ${id}` });
    }))
    .on('PUT', /^\/_sim\/webhooks$/, badInputAs400(async (request, response) => {
      front.webhooks.configure(WebhookConfig.parse(await readJsonBody(request)));
      sendJson(response, 200, {});
    }))
    .on('POST', /^\/_sim\/webhooks\/send$/, badInputAs400(async (request, response) => {
      const options = WebhookSend.parse(await readJsonBody(request));
      const event = front.events().at(-1) ?? (await front.emitEvent());
      if (!event) throw new Error('no event to send');
      const id = front.webhooks.deliver(event, 'Simulated camera', 'External Event', options);
      if (!id) throw new Error('no webhook target configured: PUT /_sim/webhooks first');
      sendJson(response, 200, { id });
    }))
    .on('GET', /^\/_sim\/webhooks$/, (_request, response) => sendJson(response, 200, front.webhooks.deliveries()));
}
