import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Faults } from './faults';

/** The documented status messages: sent on open and on close; they are not events. */
export const OPEN_MESSAGE = { status: 1, code: 101, description: 'Web Socket Protocol Handshake', message: 'Connection Successful!', result: [] };
export const CLOSE_MESSAGE = { status: 1, code: 101, description: 'Web Socket Protocol Handshake', message: 'Connection Closed!', result: [] };

/** How often the server pings its clients, as the ws library's examples do. */
const PING_MS = 10_000;

/**
 * The `/notification` WebSocket: broadcasts every event to every connected client.
 * Faults make it refuse upgrades, or go silent (connected, sending nothing, answering
 * no pings), and `dropAll` cuts every connection at once.
 */
export class Notifier {
  private readonly server = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly pinger: NodeJS.Timeout;
  /** Events delivered, counted once per client that received them. */
  deliveries = 0;
  connections = 0;

  constructor(private readonly faults: () => Faults) {
    this.server.on('connection', (ws: WebSocket) => {
      this.connections += 1;
      ws.on('ping', (data: Buffer) => {
        if (this.faults().websocket !== 'silent') ws.pong(data);
      });
      ws.on('error', () => undefined);
      ws.send(JSON.stringify(OPEN_MESSAGE));
    });
    this.pinger = setInterval(() => {
      if (this.faults().websocket === 'silent') return;
      for (const ws of this.server.clients) ws.ping();
    }, PING_MS);
  }

  get clients(): number {
    return this.server.clients.size;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.faults().websocket === 'refuse') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request));
  }

  /** Sends one event to every client; returns how many received it. */
  broadcast(event: unknown): number {
    if (this.faults().websocket === 'silent') return 0;
    const text = JSON.stringify(event);
    let sent = 0;
    for (const ws of this.server.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      ws.send(text);
      sent += 1;
    }
    this.deliveries += sent;
    return sent;
  }

  /** Cuts every connection without a close handshake, as a network failure would. */
  dropAll(): void {
    for (const ws of this.server.clients) ws.terminate();
  }

  /** Says goodbye the documented way, then closes every connection. */
  closeAll(): void {
    for (const ws of this.server.clients) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(CLOSE_MESSAGE));
      ws.close(1001, 'server going away');
    }
  }

  close(): void {
    clearInterval(this.pinger);
    this.dropAll();
    this.server.close();
  }
}
