import { z } from 'zod';
import type { WebRtcSignalling } from '../adapter';
import { VmsError } from '../errors';
import type { MilestoneClient } from './milestone-client';

const SessionReply = z.object({ sessionId: z.string().min(1), offerSDP: z.string().min(1) }).loose();
const Candidates = z.object({ candidates: z.array(z.string()).default([]) }).loose();
const Sdp = z.object({ type: z.string(), sdp: z.string().min(1) }).loose();
const Anything = z.unknown();

/** Where recorded video starts and how fast it plays (`0 < speed ≤ 32`). */
export interface PlaybackNode {
  readonly fromMs: number;
  readonly speed: number;
}

export interface OpenedWebRtc {
  readonly sessionId: string;
  readonly signalling: WebRtcSignalling;
}

/**
 * Milestone's WebRTC by REST signalling (mipsdk-samples-protocol `WebRTC_JavaScript/js/rest.js`):
 * `POST /REST/v1/WebRTC/Session` gives the gateway's offer as a JSON string of `{type, sdp}`,
 * `PATCH /Session/{id}` takes the answer the same way, and ICE candidates (JSON strings of
 * RTCIceCandidateInit) go both ways through `/IceCandidates/{id}`, the gateway's polled
 * for the whole session. The renderer's RTCPeerConnection sees only SDP text and candidates,
 * relayed by the core: never the token, never the gateway's API.
 */
export async function openWebRtcSession(client: MilestoneClient, cameraId: string, playback: PlaybackNode | undefined, signal?: AbortSignal): Promise<OpenedWebRtc> {
  const body: Record<string, unknown> = { deviceId: cameraId, resolution: 'notInUse', includeAudio: false, iceServers: [] };
  if (playback) body['playbackTimeNode'] = { playbackTime: new Date(playback.fromMs).toISOString(), speed: playback.speed, skipGaps: true };
  const reply = await client.call('POST', '/REST/v1/WebRTC/Session', SessionReply, body, signal);
  let offerSdp: string;
  try {
    offerSdp = Sdp.parse(JSON.parse(reply.offerSDP)).sdp;
  } catch {
    throw new VmsError({ kind: 'protocol', url: `${client.baseUrl}/api/REST/v1/WebRTC/Session` }, 'Milestone sent a WebRTC offer that is not a JSON string of {type, sdp}');
  }
  const sessionId = reply.sessionId;
  const path = encodeURIComponent(sessionId);
  const seen = new Set<string>();
  return {
    sessionId,
    signalling: {
      offerSdp,
      answer: async (sdp, abort) => {
        await client.call('PATCH', `/REST/v1/WebRTC/Session/${path}`, Anything, { answerSDP: JSON.stringify({ type: 'answer', sdp }) }, abort);
      },
      addRemoteCandidate: async (candidate, abort) => {
        await client.call('POST', `/REST/v1/WebRTC/IceCandidates/${path}`, Anything, { candidates: [candidate] }, abort);
      },
      localCandidates: async (abort) => {
        const { candidates } = await client.call('GET', `/REST/v1/WebRTC/IceCandidates/${path}`, Candidates, undefined, abort);
        // The gateway lists every candidate each time: hand over only the new ones.
        const fresh = candidates.filter((candidate) => !seen.has(candidate));
        for (const candidate of fresh) seen.add(candidate);
        return fresh;
      },
    },
  };
}

/** `PATCH /Session/{id} {"token"}`: keeps a running session past its token's expiry. */
export async function renewSessionToken(client: MilestoneClient, sessionId: string, token: string, signal?: AbortSignal): Promise<void> {
  await client.call('PATCH', `/REST/v1/WebRTC/Session/${encodeURIComponent(sessionId)}`, Anything, { token }, signal);
}

export async function closeWebRtcSession(client: MilestoneClient, sessionId: string, signal?: AbortSignal): Promise<void> {
  await client.call('DELETE', `/REST/v1/WebRTC/Session/${encodeURIComponent(sessionId)}`, Anything, undefined, signal);
}
