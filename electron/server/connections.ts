// Sheds connections that do no work: timeouts for slow and idle clients, and a cap on open
// sockets that closes idle ones first, so a flood of idle sockets never locks out the page.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How often Node checks the header and request timeouts, in ms (30 s by default, which would
 * let a slow client hold its socket that much longer than the timeout).
 */
export const CHECK_CONNECTIONS_MS = 1000;

/** Limits of the browser-mode server; tests shorten them. */
export interface ConnectionLimits {
  /** Most open sockets; past it, idle sockets are closed, oldest first (default 64). */
  maxConnections?: number;
  /** Time allowed for a request's headers to arrive (default 10 s). */
  headersTimeoutMs?: number;
  /** Time allowed for a whole request, body included, to arrive (default 30 s). */
  requestTimeoutMs?: number;
  /** A kept-alive socket with no request is closed after this long (default 5 s). */
  idleTimeoutMs?: number;
}

interface Tracked {
  /** Requests on this socket still being answered (an event stream stays open). */
  active: number;
  /** When it last started or finished a request, or connected. */
  since: number;
  /** Whether a request ever arrived on it. */
  served: boolean;
}

/**
 * Applies the limits to `server`. A socket is idle when it has no request being answered:
 * one that connected and said nothing, or a kept-alive one between requests. When a new
 * socket takes the count past the cap, the longest-idle sockets are closed first; only when
 * every other socket is busy is the newcomer itself turned away.
 */
export function limitConnections(server: Server, limits: ConnectionLimits = {}): void {
  const max = limits.maxConnections ?? 64;
  const idleMs = limits.idleTimeoutMs ?? 5000;
  server.headersTimeout = limits.headersTimeoutMs ?? 10_000;
  server.requestTimeout = Math.max(server.headersTimeout, limits.requestTimeoutMs ?? 30_000);
  server.keepAliveTimeout = idleMs;
  const sockets = new Map<Socket, Tracked>();

  server.on('connection', (socket: Socket) => {
    const tracked: Tracked = { active: 0, since: Date.now(), served: false };
    sockets.set(socket, tracked);
    // A socket that connects and never sends a request is closed once its headers are late.
    const silence = setTimeout(() => {
      if (!tracked.served) socket.destroy();
    }, server.headersTimeout);
    silence.unref();
    socket.once('close', () => {
      clearTimeout(silence);
      sockets.delete(socket);
    });
    if (sockets.size > max) shed(sockets, socket, sockets.size - max);
  });

  server.on('request', (req, res) => {
    const tracked = sockets.get(req.socket);
    if (tracked === undefined) return;
    tracked.active += 1;
    tracked.served = true;
    tracked.since = Date.now();
    res.once('close', () => {
      tracked.active -= 1;
      tracked.since = Date.now();
    });
  });
}

/** Closes `count` idle sockets, longest idle first; the newcomer last, and only if needed. */
function shed(sockets: Map<Socket, Tracked>, newcomer: Socket, count: number): void {
  const idle = [...sockets.entries()]
    .filter(([socket, tracked]) => socket !== newcomer && tracked.active === 0)
    .sort((a, b) => a[1].since - b[1].since)
    .slice(0, count);
  for (const [socket] of idle) socket.destroy();
  if (idle.length < count) newcomer.destroy();
}
