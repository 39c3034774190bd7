import { z } from 'zod';
import { ANALYTIC_ALERTS, type AlertKind } from './alerts';
import type { IncomingMessage } from 'node:http';
import { readBody, Router, sendJson, type RouteHandler } from '../http/router';
import type { IvmsFront } from './front';

const CameraStatusBody = z.object({ online: z.boolean() }).strict();
const EventsBody = z
  .object({
    cameraId: z.number().int().optional(),
    alertType: z.number().int().optional(),
    alertMessage: z.string().optional(),
    count: z.number().int().min(1).max(1_000_000).default(1),
    perSecond: z.number().min(1).max(10_000).default(100),
  })
  .strict();
const RestartBody = z.object({ downMs: z.number().int().min(0).max(600_000).default(2000) }).strict();

async function json(request: IncomingMessage): Promise<unknown> {
  const text = await readBody(request);
  return text.trim() ? (JSON.parse(text) as unknown) : {};
}

/**
 * `/_sim/...`: what tests (and curious humans) use to look inside the simulator and to
 * break it on purpose. Bad input answers 400 with the reason.
 */
export function createControlRouter(sim: IvmsFront): Router {
  const guard =
    (handler: RouteHandler): RouteHandler =>
    async (request, response, params) => {
      try {
        await handler(request, response, params);
      } catch (error) {
        sendJson(response, 400, { error: error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message });
      }
    };

  return new Router()
    .on('GET', /^\/_sim\/state$/, (_request, response) => sendJson(response, 200, sim.state()))
    .on('GET', /^\/_sim\/faults$/, (_request, response) => sendJson(response, 200, sim.faults))
    .on(
      'PUT',
      /^\/_sim\/faults$/,
      guard(async (request, response) => {
        sim.setFaults(await json(request));
        sendJson(response, 200, sim.faults);
      }),
    )
    .on('DELETE', /^\/_sim\/faults$/, (_request, response) => {
      sim.resetFaults();
      sendJson(response, 200, sim.faults);
    })
    .on('POST', /^\/_sim\/ws\/drop$/, (_request, response) => {
      sim.dropEventSockets();
      sendJson(response, 200, {});
    })
    .on(
      'POST',
      /^\/_sim\/restart$/,
      guard(async (request, response) => {
        const { downMs } = RestartBody.parse(await json(request));
        sendJson(response, 202, { downMs });
        setTimeout(() => void sim.restart(downMs), 50);
      }),
    )
    .on(
      'POST',
      /^\/_sim\/cameras\/(\d+)$/,
      guard(async (request, response, [id = '']) => {
        const { online } = CameraStatusBody.parse(await json(request));
        await sim.setCameraOnline(Number(id), online);
        sendJson(response, 200, { cameraId: Number(id), online });
      }),
    )
    .on(
      'POST',
      /^\/_sim\/events$/,
      guard(async (request, response) => {
        const body = EventsBody.parse(await json(request));
        const known = ANALYTIC_ALERTS.find((alert) => alert.type === body.alertType);
        const alert: AlertKind | undefined = body.alertType === undefined ? undefined : { type: body.alertType, message: body.alertMessage ?? known?.message ?? 'Custom Alert' };
        if (body.count === 1) {
          const event = await sim.emitEvent(body.cameraId, alert);
          sendJson(response, 200, { id: event.id, delivered: event.delivered });
        } else {
          sim.burst(body.count, body.perSecond, body.cameraId, alert);
          sendJson(response, 202, { count: body.count, perSecond: body.perSecond });
        }
      }),
    )
    .on('GET', /^\/_sim\/events$/, (request, response) => {
      const url = new URL(request.url ?? '', 'http://sim');
      sendJson(response, 200, sim.eventsSince(Number(url.searchParams.get('after') ?? 0), Number(url.searchParams.get('limit') ?? 10_000)));
    });
}
