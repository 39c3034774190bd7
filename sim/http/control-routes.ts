import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { readBody, sendJson, type RouteHandler } from './router';

/** A control request's JSON body; an empty body reads as `{}`. */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const text = await readBody(request);
  return text.trim() ? (JSON.parse(text) as unknown) : {};
}

/** A `/_sim/` handler whose bad input (unreadable JSON, a body its schema refuses) answers 400 with the reason. */
export function badInputAs400(handler: RouteHandler): RouteHandler {
  return async (request, response, params) => {
    try {
      await handler(request, response, params);
    } catch (error) {
      sendJson(response, 400, { error: error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message });
    }
  };
}
