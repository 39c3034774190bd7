import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import type { EventBook, MsEvent } from './event-book';

/** A dropped session can be resumed this long (Milestone: 30 s). */
export const RESUME_WINDOW_MS = 30_000;

const Filter = z.object({
  modifier: z.enum(['include', 'exclude']),
  resourceTypes: z.array(z.string()).default(['*']),
  sourceIds: z.array(z.string()).default(['*']),
  eventTypes: z.array(z.string()).default(['*']),
});
type Filter = z.infer<typeof Filter>;

const Command = z.discriminatedUnion('command', [
  z.object({ command: z.literal('authenticate'), commandId: z.number().int(), token: z.string() }),
  z.object({ command: z.literal('startSession'), commandId: z.number().int(), sessionId: z.string().default(''), eventId: z.string().default('') }),
  z.object({ command: z.literal('addSubscription'), commandId: z.number().int(), filters: z.array(Filter).min(1) }),
  z.object({ command: z.literal('getState'), commandId: z.number().int() }),
]);

interface EssSession {
  readonly id: string;
  readonly filters: Filter[];
  socket: WebSocket | undefined;
  droppedAt: number | undefined;
}

export interface EventsSocketOptions {
  readonly book: EventBook;
  /** Whether a bearer token (the header's or the first message's) is valid now. */
  readonly tokenValid: (token: string | undefined) => boolean;
  /** The current stateful events (communication and recording of every camera). */
  readonly states: () => Array<Omit<MsEvent, 'seq'>>;
}

/**
 * The Events and State WebSocket (`/api/ws/events/v1`). The token is checked only when
 * the socket connects (the `Authorization` header, or a first `authenticate` command);
 * `startSession` with the previous `sessionId` and the last event `id` within 30 s of a
 * drop answers 200 and replays what the client missed, in order; otherwise 201 and a new
 * session without subscriptions. A malformed command closes the socket, as the gateway does.
 */
export class EventsSocket {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, EssSession>();
  private readonly unsubscribe: () => void;
  counters = { connects: 0, resumed: 0, started: 0, replayed: 0, pushed: 0 };

  constructor(private readonly options: EventsSocketOptions) {
    this.unsubscribe = options.book.subscribe((event) => this.push(event));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const header = request.headers.authorization;
    if (header !== undefined && !this.options.tokenValid(header)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, header !== undefined));
  }

  /** Cuts every socket, as a network drop or a gateway recycle does; sessions stay resumable for 30 s. */
  dropAll(): number {
    // The sessions are marked dropped now, not when each socket's 'close' event comes: a
    // client that reconnects at once could otherwise ask to resume before that event, find
    // its session still attached to the cut socket, and get a new session (seen once, loaded).
    const now = Date.now();
    for (const session of this.sessions.values()) {
      if (!session.socket) continue;
      session.socket = undefined;
      session.droppedAt = now;
    }
    let dropped = 0;
    for (const client of this.wss.clients) {
      client.terminate();
      dropped += 1;
    }
    return dropped;
  }

  get openSockets(): number {
    return this.wss.clients.size;
  }

  close(): void {
    this.unsubscribe();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket, authenticated: boolean): void {
    this.counters.connects += 1;
    let authed = authenticated;
    let session: EssSession | undefined;
    const reply = (body: Record<string, unknown>): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(body));
    };
    ws.on('close', () => {
      if (session?.socket === ws) {
        session.socket = undefined;
        session.droppedAt = Date.now();
      }
    });
    ws.on('message', (data: RawData) => {
      let command: z.infer<typeof Command>;
      try {
        command = Command.parse(JSON.parse(rawText(data)));
      } catch {
        ws.close(1008, 'Malformed command');
        return;
      }
      if (command.command === 'authenticate') {
        authed = this.options.tokenValid(command.token);
        reply(authed ? { commandId: command.commandId, status: 200 } : { commandId: command.commandId, status: 401, error: { errorText: 'Invalid token' } });
        if (!authed) ws.close(1008, 'Unauthorized');
        return;
      }
      if (!authed) {
        reply({ commandId: command.commandId, status: 401, error: { errorText: 'Not authenticated' } });
        ws.close(1008, 'Unauthorized');
        return;
      }
      if (command.command === 'startSession') {
        const previous = this.sessions.get(command.sessionId);
        const resumable = previous !== undefined && (previous.socket === undefined || previous.socket === ws) && previous.droppedAt !== undefined && Date.now() - previous.droppedAt <= RESUME_WINDOW_MS;
        const missed = resumable && command.eventId ? this.options.book.after(command.eventId) : undefined;
        if (previous && resumable && (missed !== undefined || !command.eventId)) {
          session = previous;
          session.socket = ws;
          session.droppedAt = undefined;
          this.counters.resumed += 1;
          reply({ commandId: command.commandId, status: 200, sessionId: session.id });
          const replay = (missed ?? []).filter((event) => matches(session?.filters ?? [], event));
          this.counters.replayed += replay.length;
          for (let index = 0; index < replay.length; index += 100) reply({ events: replay.slice(index, index + 100).map(wire) });
          return;
        }
        session = { id: randomUUID(), filters: [], socket: ws, droppedAt: undefined };
        this.sessions.set(session.id, session);
        this.counters.started += 1;
        reply({ commandId: command.commandId, status: 201, sessionId: session.id });
        return;
      }
      if (!session) {
        reply({ commandId: command.commandId, status: 400, error: { errorText: 'No session: send startSession first' } });
        return;
      }
      if (command.command === 'addSubscription') {
        session.filters.push(...command.filters);
        reply({ commandId: command.commandId, status: 200, subscriptionId: randomUUID() });
        return;
      }
      reply({ commandId: command.commandId, status: 200, states: this.options.states() });
    });
  }

  private push(event: MsEvent): void {
    for (const session of this.sessions.values()) {
      if (!session.socket || session.socket.readyState !== WebSocket.OPEN || !matches(session.filters, event)) continue;
      session.socket.send(JSON.stringify({ events: [wire(event)] }));
      this.counters.pushed += 1;
    }
    // Sessions past their resume window are gone for good.
    const cutoff = Date.now() - RESUME_WINDOW_MS;
    for (const [id, session] of this.sessions) if (!session.socket && session.droppedAt !== undefined && session.droppedAt < cutoff) this.sessions.delete(id);
  }
}

function wire(event: MsEvent): Omit<MsEvent, 'seq'> {
  const { seq: _seq, ...rest } = event;
  return rest;
}

function matches(filters: readonly Filter[], event: MsEvent): boolean {
  const [resourceType = '', sourceId = ''] = event.source.split('/');
  const hit = (filter: Filter): boolean =>
    (filter.resourceTypes.includes('*') || filter.resourceTypes.includes(resourceType)) &&
    (filter.sourceIds.includes('*') || filter.sourceIds.includes(sourceId)) &&
    (filter.eventTypes.includes('*') || filter.eventTypes.includes(event.type));
  return filters.some((filter) => filter.modifier === 'include' && hit(filter)) && !filters.some((filter) => filter.modifier === 'exclude' && hit(filter));
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
