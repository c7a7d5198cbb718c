import { ApiError, errorMessage, request, setUnauthorizedHandler } from './api-client';

type FetchArgs = [URL, RequestInit];

function stubBrowser(cookie = '') {
  (globalThis as unknown as { window: unknown }).window = { location: { origin: 'http://app.test' } };
  (globalThis as unknown as { document: unknown }).document = { cookie };
}

function stubFetch(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const calls: FetchArgs[] = [];
  globalThis.fetch = (async (url: URL, init: RequestInit) => {
    calls.push([url, init]);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers });
  }) as unknown as typeof fetch;
  return calls;
}

afterEach(() => setUnauthorizedHandler(null));

describe('request', () => {
  it('sends JSON same-origin, with the CSRF cookie as a header on writes', async () => {
    stubBrowser('other=1; constellation_csrf=abc%2Fdef');
    const calls = stubFetch(201, { id: 'x' });
    await expect(request('POST', '/collaborations', { name: 'A' })).resolves.toEqual({ id: 'x' });
    const [url, init] = calls[0];
    expect(url.toString()).toBe('http://app.test/api/collaborations');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('abc/def');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{"name":"A"}');
  });

  it('sends no CSRF header on reads, and leaves empty query values out', async () => {
    stubBrowser('constellation_csrf=abc');
    const calls = stubFetch(200, { items: [] });
    await request('GET', '/collaborations/1/audit', undefined, { query: { page: 2, entity: '', outcome: undefined } });
    const [url, init] = calls[0];
    expect(url.search).toBe('?page=2');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
  });

  it('turns the error body into an ApiError with its details', async () => {
    stubBrowser();
    stubFetch(400, { statusCode: 400, error: 'Bad Request', message: 'Validation failed', details: [{ path: 'name', message: 'is required' }] });
    const err = await request('POST', '/x', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).details).toEqual([{ path: 'name', message: 'is required' }]);
  });

  it('reads Retry-After on 429', async () => {
    stubBrowser();
    stubFetch(429, { statusCode: 429, error: 'Too Many Requests', message: 'Too many attempts', details: [] }, { 'Retry-After': '120' });
    const err = (await request('POST', '/auth/sign-in', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.retryAfter).toBe(120);
    expect(errorMessage(err)).toBe('Too many attempts. Try again in 2 minutes.');
  });

  it('calls the unauthorized handler on 401 unless a 401 is expected', async () => {
    stubBrowser();
    const seen: string[] = [];
    setUnauthorizedHandler(() => seen.push('redirect'));
    stubFetch(401, { statusCode: 401, error: 'Unauthorized', message: 'Sign in first', details: [] });
    await expect(request('GET', '/collaborations')).rejects.toBeInstanceOf(ApiError);
    await expect(request('GET', '/me', undefined, { allow401: true })).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual(['redirect']);
  });

  it('answers undefined for 204 and a readable error when the body is not JSON', async () => {
    stubBrowser();
    stubFetch(204);
    await expect(request('DELETE', '/x')).resolves.toBeUndefined();
    globalThis.fetch = (async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof fetch;
    const err = (await request('GET', '/x').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.message).toMatch(/went wrong on our side/);
  });
});
