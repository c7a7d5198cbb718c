import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { stdSerializers } from 'pino';
import { requestLogFields, responseLogFields } from './request-log';

/** The serializers as pino-http applies them: the standard one first, then ours. */
const logged = {
  req: stdSerializers.wrapRequestSerializer(requestLogFields),
  res: stdSerializers.wrapResponseSerializer(responseLogFields),
};

describe('request log fields', () => {
  it('name the request and the client, and carry no header (no cookie, CSRF or bearer token)', () => {
    const req = new IncomingMessage(new Socket()) as IncomingMessage & { id?: string; originalUrl?: string };
    req.method = 'GET';
    req.url = '/collaborations/abc/rollups?granularity=month';
    req.originalUrl = '/api/collaborations/abc/rollups?granularity=month';
    req.id = 'req-1';
    req.headers = { cookie: 'constellation_session=SECRET-SESSION', 'x-csrf-token': 'SECRET-CSRF', authorization: 'Bearer cst_SECRET' };
    const fields = logged.req(req);
    expect(fields).toEqual({ id: 'req-1', method: 'GET', url: '/api/collaborations/abc/rollups?granularity=month', remoteAddress: undefined });
    expect(JSON.stringify(fields)).not.toContain('SECRET');
  });

  it('name the response status only (no Set-Cookie)', () => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    res.setHeader('Set-Cookie', 'constellation_session=SECRET');
    res.writeHead(201);
    expect(logged.res(res)).toEqual({ statusCode: 201 });
    expect(JSON.stringify(logged.res(res))).not.toContain('SECRET');
  });
});
