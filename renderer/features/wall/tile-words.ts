import type { ServerState } from '../../../shared/model/server';
import type { TileState } from './tile-state';

/** What a tile says about a fault: words for the operator, the technical detail for a tooltip and the log. */
export interface TileWords {
  readonly words: string | undefined;
  /** The reason as the player or core gave it, when the words are not it. */
  readonly detail: string | undefined;
}

const UNANSWERED = /HTTP 50[234]|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|Connection refused|socket hang up|unreachable|not answering|timed out|fetch failed|network/i;
const NO_VIDEO = /HTTP 404|no video for this camera/i;
const REFUSED = /HTTP 40[13]/i;
/** Marks of text written for a developer: an address, an HTTP status, a stack. */
const TECHNICAL = /https?:\/\/|\bHTTP \d{3}\b|\bGET |\bPOST |\(\w+Error\b|\bat \S+:\d+/i;

/**
 * Turns the reason a tile's stream stopped into an operator's words: who is not answering
 * and that Tessera is retrying (or not), never an address or a status code. What was
 * said in words already passes unchanged; the detail stays in the tooltip.
 */
export function tileWords(state: TileState, reason: string | undefined, serverName: string | undefined): TileWords {
  if (reason === undefined || reason === '') return { words: undefined, detail: undefined };
  const server = serverName ? `Server ${serverName}` : 'The server';
  const retrying = state !== 'error';
  const then = retrying ? ' — retrying' : '';
  if (/sign-in needed/i.test(reason)) {
    // Said first and plainly: nothing retries until the operator enters the credentials again.
    return TECHNICAL.test(reason) ? { words: `Sign-in needed: ${server} refused Tessera's credentials`, detail: reason } : { words: reason, detail: undefined };
  }
  if (NO_VIDEO.test(reason)) return { words: `${server} has no video for this camera right now${then}`, detail: reason };
  if (REFUSED.test(reason)) return { words: `${server} refused this camera's video${then}`, detail: reason };
  if (UNANSWERED.test(reason)) return { words: `${server} is not answering${then}`, detail: reason };
  if (TECHNICAL.test(reason) || reason.length > 160) return { words: retrying ? `The video from ${server.replace(/^The server$/, 'the server')} was interrupted — retrying` : `The video from ${server.replace(/^The server$/, 'the server')} cannot be played`, detail: reason };
  return { words: reason, detail: undefined };
}

/**
 * The same for a server's row in the camera tree: an outage in words (the row already
 * names the server), the adapter's technical text in the row's tooltip. A server that
 * needs its credentials again does not retry; every other fault is retried with backoff.
 */
export function serverWords(state: ServerState, reason: string | undefined): TileWords {
  if (reason === undefined || reason === '') return { words: undefined, detail: undefined };
  if (state === 'sign-in' || /sign-in needed/i.test(reason)) {
    if (TECHNICAL.test(reason) || reason.length > 160) return { words: "Sign-in needed: the server refused Tessera's credentials", detail: reason };
    // Said first, whatever the adapter's own words: nothing retries until the credentials change.
    return { words: /sign-in needed/i.test(reason) ? reason : `Sign-in needed: ${reason}`, detail: undefined };
  }
  if (UNANSWERED.test(reason)) return { words: 'Not answering — retrying', detail: reason };
  if (REFUSED.test(reason)) return { words: "Refused Tessera's requests — retrying", detail: reason };
  if (TECHNICAL.test(reason) || reason.length > 160) return { words: 'The server reported a fault — retrying', detail: reason };
  return { words: reason, detail: undefined };
}
