import Fastify from 'fastify';
import { clearCookie, registerCookies, setCookie } from './cookies';

async function server() {
  const app = Fastify();
  registerCookies(app);
  app.get('/read', async (req) => ({ cookies: req.cookies, again: req.cookies === req.cookies }));
  app.get('/write', async (_req, reply) => {
    setCookie(reply, 'session', 'abc def', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 3600 });
    setCookie(reply, 'csrf', 'xyz', { sameSite: 'lax', path: '/' });
    clearCookie(reply, 'old', { path: '/' });
    return { ok: true };
  });
  await app.ready();
  return app;
}

describe('cookies', () => {
  it('parses the Cookie header once per request, decoding values', async () => {
    const app = await server();
    const res = await app.inject({ method: 'GET', url: '/read', headers: { cookie: 'a=1; constellation_session=tok%20en' } });
    expect(res.json()).toEqual({ cookies: { a: '1', constellation_session: 'tok en' }, again: true });
    const none = await app.inject({ method: 'GET', url: '/read' });
    expect(none.json()).toEqual({ cookies: {}, again: true });
    await app.close();
  });

  it('sends every Set-Cookie given, with its attributes; a cleared cookie expires at once', async () => {
    const app = await server();
    const res = await app.inject({ method: 'GET', url: '/write' });
    const set = res.headers['set-cookie'] as string[];
    expect(set).toHaveLength(3);
    expect(set[0]).toBe('session=abc%20def; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax');
    expect(set[1]).toBe('csrf=xyz; Path=/; SameSite=Lax');
    expect(set[2]).toBe('old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    await app.close();
  });
});
