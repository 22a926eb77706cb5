import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../services/dispatch';
import { startServer, type RunningServer } from './httpServer';
import { rawRequest } from './httpTestClient';

const staticDir = mkdtempSync(join(tmpdir(), 'pwb-connections-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Prompt Workbench</title>');

let server: RunningServer | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
});

async function start(limits: Parameters<typeof startServer>[0]['limits']): Promise<RunningServer> {
  server = await startServer({
    dispatcher: createDispatcher({} as Handlers),
    staticDir,
    port: 0,
    limits,
  });
  return server;
}

/** A raw socket to the server, resolved once connected. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined);
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** Resolves when the server has closed `socket` (its end or a reset). */
const closedByServer = (socket: Socket): Promise<void> =>
  new Promise((resolve) => {
    if (socket.destroyed || socket.readableEnded) resolve();
    socket.once('close', () => resolve());
    socket.once('end', () => resolve());
  });

const page = (port: number) =>
  rawRequest(port, { path: '/', headers: { host: `127.0.0.1:${port}` } });

describe('connections the server sheds', () => {
  it('closes a socket that connects and never sends a request', async () => {
    const { port } = await start({ headersTimeoutMs: 200 });
    const idle = await open(port);
    await closedByServer(idle);
    expect((await page(port)).status).toBe(200);
  });

  it('closes a client that sends its headers too slowly', async () => {
    const { port } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 300 });
    const slow = await open(port);
    slow.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // One header line now and then, never the blank line that ends the headers.
    const drip = setInterval(() => slow.writable && slow.write('X-Slow: 1\r\n'), 50);
    let answer = '';
    slow.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    await closedByServer(slow);
    clearInterval(drip);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes a kept-alive socket that stays idle after its answer', async () => {
    const { port } = await start({ idleTimeoutMs: 200 });
    const client = await open(port);
    let answer = '';
    client.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    client.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`);
    await closedByServer(client);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });

  it('serves the page when idle sockets fill the cap, closing the idle ones first', async () => {
    const { port } = await start({ maxConnections: 8, headersTimeoutMs: 60_000 });
    const idle = await Promise.all(Array.from({ length: 8 }, () => open(port)));
    const closed = idle.map((socket) => closedByServer(socket).then(() => true));
    const reply = await page(port);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('Prompt Workbench');
    // At least one idle socket made room for the page.
    await Promise.race(closed);
  });

  it('keeps an answering socket over an idle one when over the cap', async () => {
    const { port } = await start({ maxConnections: 2, headersTimeoutMs: 60_000 });
    const idleOne = await open(port);
    const idleClosed = closedByServer(idleOne);
    const first = page(port);
    const second = page(port);
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    await idleClosed;
  });
});
