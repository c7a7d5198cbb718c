import Fastify, { type FastifyInstance, LogController } from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { logRequests, pinoOptions } from './request-log';

/** A Fastify server logging through the api's pino options into `lines`. */
async function server(lines: Record<string, unknown>[]) {
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  const app = Fastify({ loggerInstance: pino(pinoOptions('info'), out), logController: new LogController({ disableRequestLogging: true }), genReqId: () => 'req-1' });
  logRequests(app as unknown as FastifyInstance);
  app.get('/api/collaborations/:id/rollups', async (_req, reply) => {
    reply.header('set-cookie', 'constellation_session=SECRET-SET-COOKIE');
    return reply.code(201).send({ ok: true });
  });
  app.get('/api/health', async () => ({ status: 'ok' }));
  await app.ready();
  return app;
}

describe('request log lines', () => {
  it('name the request, the client and the status, and carry no header (no cookie, CSRF or bearer token)', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await server(lines);
    await app.inject({
      method: 'GET',
      url: '/api/collaborations/abc/rollups?granularity=month',
      headers: { cookie: 'constellation_session=SECRET-SESSION', 'x-csrf-token': 'SECRET-CSRF', authorization: 'Bearer cst_SECRET' },
    });
    await app.close();
    const done = lines.filter((l) => l.msg === 'request completed');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({
      reqId: 'req-1',
      req: { id: 'req-1', method: 'GET', url: '/api/collaborations/abc/rollups?granularity=month', remoteAddress: '127.0.0.1' },
      res: { statusCode: 201 },
    });
    expect(typeof done[0]!.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('SECRET');
  });

  it('leave out the health probe', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await server(lines);
    await app.inject({ method: 'GET', url: '/api/health' });
    await app.close();
    expect(lines.filter((l) => l.msg === 'request completed')).toHaveLength(0);
  });
});
