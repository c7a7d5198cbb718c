import { connect, createServer, type Server, type Socket } from 'node:net';
import { ADMIN_URL, freePort } from './processes';

/**
 * A TCP proxy between the worker and PostgreSQL, so a test can make PostgreSQL "restart" for
 * the worker without touching the shared server (others use it).
 *
 * What a restart looks like to a client, and what `restart()` does: every open connection is
 * cut (the backends die, their open transactions roll back; the client sees the socket close
 * mid-query or while idle in its pool), and for a few seconds new connections are refused
 * (ECONNREFUSED, as nothing listens on the port while the server is down); then connections are
 * accepted again, by a server that knows nothing of the old sessions.
 */
export class PgProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<[Socket, Socket]>();
  private readonly upstream = new URL(ADMIN_URL);
  /** Connections accepted so far (the worker reconnecting shows up here). */
  accepted = 0;

  private constructor(readonly port: number) {}

  static async start(): Promise<PgProxy> {
    const proxy = new PgProxy(await freePort());
    await proxy.listen();
    return proxy;
  }

  private listen(): Promise<void> {
    const server = createServer((client) => {
      this.accepted++;
      const upstream = connect(Number(this.upstream.port || 5432), this.upstream.hostname);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const end = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** How many connections are open through the proxy right now. */
  get open(): number {
    return this.pairs.size;
  }

  /** Cut every connection and refuse new ones until `up()`. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
    for (const [client, upstream] of [...this.pairs]) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    await closed;
  }

  async up(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.down();
  }
}
