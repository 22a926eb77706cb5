// Browser mode's progress channel: server-sent events to every page holding this run's token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  EvalJobEvent,
  LibraryChangeEvent,
  ProgressEvent,
  RunJobEvent,
} from '../../src-shared/contract/events';

/** The open event streams of one server. */
export interface EventStreams {
  /** Answers `req` with an event stream that stays open until the page or the server closes it. */
  open(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Sends an event to every open stream: `event: progress` frames, `event: run` for model runs,
   * `event: eval` for evaluations, `event: library` for changes to a team library.
   */
  broadcast(event: ProgressEvent | RunJobEvent | EvalJobEvent | LibraryChangeEvent): void;
  /** Ends every stream (the server is closing). */
  closeAll(): void;
  /** How many streams are open. */
  readonly size: number;
}

/** Options of the event streams. */
export interface EventStreamOptions {
  /** A comment line is sent this often (ms) so idle proxies and sockets keep the stream open. */
  heartbeatMs?: number;
}

/** Builds the set of event streams of one server. */
export function createEventStreams(options: EventStreamOptions = {}): EventStreams {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const open = new Map<ServerResponse, () => void>();
  return {
    open(req, res) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive',
      });
      res.socket?.setNoDelay(true);
      // A first line flushes the headers, so the page knows events will reach it from now on.
      res.write(': connected\n\n');
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      heartbeat.unref();
      const close = (): void => {
        clearInterval(heartbeat);
        open.delete(res);
      };
      open.set(res, close);
      req.on('close', close);
      res.on('error', close);
    },
    broadcast(event) {
      const name =
        event.operation === 'runPrompt'
          ? 'run'
          : event.operation === 'runEvaluation'
            ? 'eval'
            : event.operation === 'library'
              ? 'library'
              : 'progress';
      const frame = `event: ${name}\ndata: ${JSON.stringify(event)}\n\n`;
      for (const res of open.keys()) res.write(frame);
    },
    closeAll() {
      for (const [res, close] of [...open]) {
        close();
        res.end();
      }
    },
    get size() {
      return open.size;
    },
  };
}
