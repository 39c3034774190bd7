import { z } from 'zod';
import { ANALYTIC_ALERTS, type AlertKind } from './alerts';
import { Router, sendJson } from '../http/router';
import type { IvmsFront } from './front';
import { badInputAs400, readJsonBody } from '../http/control-routes';

/** A camera taken offline or back, or its picture frozen (a stuck encoder) or moving again. */
const CameraStatusBody = z
  .object({ online: z.boolean().optional(), frozen: z.boolean().optional() })
  .strict()
  .refine((body) => body.online !== undefined || body.frozen !== undefined, 'name online or frozen');
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

/**
 * `/_sim/...`: what tests (and curious humans) use to look inside the simulator and to
 * break it on purpose. Bad input answers 400 with the reason.
 */
export function createControlRouter(sim: IvmsFront): Router {
  return new Router()
    .on('GET', /^\/_sim\/state$/, (_request, response) => sendJson(response, 200, sim.state()))
    .on('GET', /^\/_sim\/faults$/, (_request, response) => sendJson(response, 200, sim.faults))
    .on(
      'PUT',
      /^\/_sim\/faults$/,
      badInputAs400(async (request, response) => {
        sim.setFaults(await readJsonBody(request));
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
      badInputAs400(async (request, response) => {
        const { downMs } = RestartBody.parse(await readJsonBody(request));
        sendJson(response, 202, { downMs });
        setTimeout(() => void sim.restart(downMs), 50);
      }),
    )
    .on(
      'POST',
      /^\/_sim\/cameras\/(\d+)$/,
      badInputAs400(async (request, response, [id = '']) => {
        const { online, frozen } = CameraStatusBody.parse(await readJsonBody(request));
        if (online !== undefined) await sim.setCameraOnline(Number(id), online);
        if (frozen !== undefined) await sim.setCameraFrozen(Number(id), frozen);
        sendJson(response, 200, { cameraId: Number(id), online, frozen });
      }),
    )
    .on(
      'POST',
      /^\/_sim\/events$/,
      badInputAs400(async (request, response) => {
        const body = EventsBody.parse(await readJsonBody(request));
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
