import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { Router, sendJson } from '../http/router';
import type { VxgFront } from './front';
import { badInputAs400, readJsonBody } from '../http/control-routes';

const ChannelStatusBody = z.object({ online: z.boolean() }).strict();
const EventsBody = z
  .object({
    camid: z.number().int().optional(),
    name: z.string().min(1).optional(),
    count: z.number().int().min(1).max(1_000_000).default(1),
    perSecond: z.number().min(1).max(10_000).default(100),
  })
  .strict();
const RestartBody = z.object({ downMs: z.number().int().min(0).max(600_000).default(2000) }).strict();

/**
 * `/_sim/...` of the VXG front: what tests (and curious humans) use to look inside it, to
 * read its credentials, and to break it on purpose. Bad input answers 400 with the reason.
 */
export function createControlRouter(front: VxgFront): Router {
  const query = (request: IncomingMessage): URLSearchParams => new URL(request.url ?? '', 'http://sim').searchParams;

  return new Router()
    .on('GET', /^\/_sim\/state$/, (_request, response) => sendJson(response, 200, front.state()))
    .on('GET', /^\/_sim\/tokens$/, (_request, response) => sendJson(response, 200, front.credentials()))
    .on('GET', /^\/_sim\/faults$/, (_request, response) => sendJson(response, 200, front.faults))
    .on(
      'PUT',
      /^\/_sim\/faults$/,
      badInputAs400(async (request, response) => {
        front.setFaults(await readJsonBody(request));
        sendJson(response, 200, front.faults);
      }),
    )
    .on('DELETE', /^\/_sim\/faults$/, (_request, response) => {
      front.resetFaults();
      sendJson(response, 200, front.faults);
    })
    .on(
      'POST',
      /^\/_sim\/restart$/,
      badInputAs400(async (request, response) => {
        const { downMs } = RestartBody.parse(await readJsonBody(request));
        sendJson(response, 202, { downMs });
        setTimeout(() => void front.restart(downMs), 50);
      }),
    )
    .on(
      'POST',
      /^\/_sim\/channels\/(\d+)$/,
      badInputAs400(async (request, response, [camid = '']) => {
        const { online } = ChannelStatusBody.parse(await readJsonBody(request));
        await front.setChannelOnline(Number(camid), online);
        sendJson(response, 200, { camid: Number(camid), online });
      }),
    )
    .on(
      'POST',
      /^\/_sim\/events$/,
      badInputAs400(async (request, response) => {
        const body = EventsBody.parse(await readJsonBody(request));
        if (body.count === 1) {
          sendJson(response, 200, await front.emitEvent(body.camid, body.name));
        } else {
          front.burst(body.count, body.perSecond, body.camid, body.name);
          sendJson(response, 202, { count: body.count, perSecond: body.perSecond });
        }
      }),
    )
    .on('GET', /^\/_sim\/events$/, (request, response) => {
      const params = query(request);
      sendJson(response, 200, front.eventsSince(Number(params.get('after') ?? 0), Number(params.get('limit') ?? 10_000)));
    })
    .on('GET', /^\/_sim\/created-events$/, (_request, response) => sendJson(response, 200, front.createdEvents()));
}
