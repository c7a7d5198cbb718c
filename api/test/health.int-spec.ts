import { startTestApp, type TestApp } from './support/app';

describe('health and error shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports PostgreSQL and Redis up', async () => {
    const res = await t.agent().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('answers unknown routes with the standard error body', async () => {
    const res = await t.agent().get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', details: [] });
    expect(typeof res.body.message).toBe('string');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.agent().http.post('/api/health').set('content-type', 'application/json').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/JSON/);
  });

  it('answers an oversized body with 413', async () => {
    const big = JSON.stringify({ a: 'x'.repeat(2 * 1024 * 1024) });
    const res = await t.agent().http.post('/api/health').set('content-type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('sends security headers', async () => {
    const res = await t.agent().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});
