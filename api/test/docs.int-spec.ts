import { openApiPath, routeInventoryOf } from '../src/common/route-inventory';
import type { OpenApiDocument } from '../src/modules/docs/openapi';
import { startTestApp, type TestApp } from './support/app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

async function openApi(): Promise<OpenApiDocument> {
  const res = await t.agent().get('/api/docs');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  return res.body as OpenApiDocument;
}

describe('GET /api/docs', () => {
  it('is an OpenAPI 3.1 document, public, with the error body and the cookie security schemes', async () => {
    const doc = await openApi();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
    expect(doc.components.schemas.ErrorBody).toEqual(
      expect.objectContaining({ type: 'object', required: ['statusCode', 'error', 'message', 'details'] }),
    );
    expect(doc.components.securitySchemes.sessionCookie).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'constellation_session' }));
    expect(doc.components.securitySchemes.csrfHeader).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }));
  });

  it('has every route of the application, with its parameters, access rule and error responses', async () => {
    const doc = await openApi();
    const routes = routeInventoryOf(t.app);
    expect(routes.length).toBeGreaterThan(1);
    const missing: string[] = [];
    for (const r of routes) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method.toLowerCase()];
      if (!op) {
        missing.push(`${r.method} ${r.path}`);
        continue;
      }
      expect(op['x-access']).toBe(r.accessRule?.kind ?? 'undeclared');
      if (r.accessRule?.kind === 'permission') {
        expect(op['x-permission']).toBe(r.accessRule.permission);
        expect(op.description).toContain(r.accessRule.permission);
        expect(op.security).toEqual([expect.objectContaining({ sessionCookie: [] })]);
      }
      if (r.accessRule?.kind === 'public') expect(op.security).toEqual([]);
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(pathParams).toEqual(r.pathParams);
      if (r.bodySchema) expect(op.requestBody?.content['application/json'].schema).toEqual(expect.any(Object));
      for (const [code, response] of Object.entries(op.responses)) {
        if (!code.startsWith('4')) continue;
        const ref = (response as { $ref?: string }).$ref;
        const target = ref ? doc.components.responses[ref.split('/').pop() as string] : response;
        expect(JSON.stringify(target)).toContain('#/components/schemas/ErrorBody');
      }
    }
    expect({ missingFromDocument: missing }).toEqual({ missingFromDocument: [] });
    const operations = Object.values(doc.paths).flatMap((ops) => Object.keys(ops));
    expect(operations.length).toBe(routes.length);
  });

  it("describes sign-up's body from the shared zod schema (input side)", async () => {
    const doc = await openApi();
    const schema = doc.paths['/api/auth/sign-up']?.post?.requestBody?.content['application/json'].schema as
      | { type?: string; properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown }
      | undefined;
    expect(schema).toBeDefined();
    expect(schema?.type).toBe('object');
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual(expect.arrayContaining(['email', 'name', 'password']));
    expect(schema?.required).toEqual(expect.arrayContaining(['email', 'name', 'password']));
    expect(schema?.additionalProperties).toBe(false);
  });
});

describe('GET /api/docs/ui', () => {
  it('is a server-rendered HTML list of every operation, without scripts', async () => {
    const res = await t.agent().get('/api/docs/ui');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const html = res.text;
    expect(html).not.toMatch(/<script/i);
    for (const r of routeInventoryOf(t.app)) expect(html).toContain(`<code>${openApiPath(r.path)}</code>`);
  });
});
