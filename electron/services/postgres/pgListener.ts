// LISTEN on a connection of its own that outlives a restart of the server: a lost connection is
// noticed (its error and end events, and a cheap query on a timer for the silent kind), opened
// again with a growing pause while the server is away, LISTENs again, and says `resync` to its
// listener, because what was announced meanwhile is gone.
import pg from 'pg';
import type { LibraryChange } from '../../../src-shared/contract/events';

/** How a listener connects and how patient it is. */
export interface ListenerOptions {
  url: string;
  /** The channel to LISTEN on (a plain identifier). */
  channel: string;
  /** Receives each change announced on the channel, and `{ kind: 'resync' }` after a reconnect. */
  onChange(change: LibraryChange): void;
  /** Between two checks that the connection still answers, in ms (default 5000). */
  checkMs?: number;
  /** First pause before reconnecting, doubled up to `maxRetryMs` (defaults 200 and 5000). */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

/** The application_name of listening connections (what `pg_stat_activity` shows). */
export const LISTENER_APPLICATION = 'pwb-listen';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A LISTEN that reconnects; `start` resolves once it listens, `stop` ends it for good. */
export class ChangeListener {
  private client: pg.Client | undefined;
  private check: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private pause: number;
  private stopped = false;
  /** The connection being opened, so `stop` can wait for it and close it. */
  private opening: Promise<void> | undefined;

  private constructor(private readonly options: ListenerOptions) {
    if (!IDENTIFIER.test(options.channel)) {
      throw new Error(`not a channel name: ${options.channel}`);
    }
    this.pause = options.firstRetryMs ?? 200;
  }

  /** Connects and LISTENs; rejects (leaving nothing open) when the first attempt fails. */
  static async start(options: ListenerOptions): Promise<ChangeListener> {
    const listener = new ChangeListener(options);
    await listener.open();
    return listener;
  }

  /** Ends the connection, the checks and any pending reconnect; nothing is heard after. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.check);
    clearTimeout(this.retry);
    this.check = undefined;
    this.retry = undefined;
    await this.opening?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private open(): Promise<void> {
    const opening = this.connect();
    this.opening = opening;
    return opening.finally(() => {
      if (this.opening === opening) this.opening = undefined;
    });
  }

  private async connect(): Promise<void> {
    const checkMs = this.options.checkMs ?? 5000;
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: LISTENER_APPLICATION,
      keepAlive: true,
      // A check that gets no answer within its period counts as a lost connection.
      query_timeout: checkMs,
      connectionTimeoutMillis: checkMs,
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (this.client !== client || message.channel !== this.options.channel) return;
      if (message.payload === undefined) return;
      let change: LibraryChange;
      try {
        change = JSON.parse(message.payload) as LibraryChange;
      } catch {
        return; // a payload we did not write (another tool on the channel) is ignored
      }
      this.options.onChange(change);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.check = setInterval(() => {
      client.query('SELECT 1').catch(() => this.lost(client));
    }, checkMs);
  }

  /** The connection `client` is gone: drop it and try again after a pause. */
  private lost(client: pg.Client): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    clearInterval(this.check);
    this.check = undefined;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry !== undefined) return;
    const wait = this.pause;
    this.pause = Math.min(this.pause * 2, this.options.maxRetryMs ?? 5000);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.open().then(
        () => {
          if (this.stopped) return;
          this.pause = this.options.firstRetryMs ?? 200;
          // Whatever was announced while the connection was down is lost: read again.
          this.options.onChange({ kind: 'resync' });
        },
        () => this.scheduleReconnect(),
      );
    }, wait);
  }
}
