import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { goalInputSchema, pageQuery, uuid } from '@constellation/shared';
import { Authenticated, Public, RequirePermission } from '../../common/access.decorators';
import { controllerRoutes } from '../../common/route-inventory';
import { renderDocsPage } from './docs-page';
import { buildOpenApiDocument } from './openapi';

@Controller('collaborations/:collaborationId/goals')
class GoalsProbeController {
  @Get()
  @RequirePermission('collaboration.read')
  list(@Query({ schema: pageQuery }) _q: unknown) {}

  @Post()
  @RequirePermission('goals.manage')
  create(@Body({ schema: goalInputSchema }) _body: unknown) {}

  @Delete(':goalId')
  @HttpCode(204)
  @RequirePermission('goals.manage')
  remove(@Param('goalId', { schema: uuid }) _id: string) {}
}

@Controller('things')
@Authenticated()
class ClassRuleController {
  @Get()
  list() {}

  @Get('<b>open</b>')
  @Public()
  open() {}

  @Post()
  undeclaredOnHandler() {}
}

describe('route inventory → OpenAPI', () => {
  const routes = [...controllerRoutes(GoalsProbeController, { globalPrefix: 'api' }), ...controllerRoutes(ClassRuleController, { globalPrefix: 'api' })];

  it('reads paths, methods, rules (handler over class), schemas and status codes from the metadata', () => {
    const byKey = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r]));
    expect(Object.keys(byKey).sort()).toEqual(
      [
        'DELETE /api/collaborations/:collaborationId/goals/:goalId',
        'GET /api/collaborations/:collaborationId/goals',
        'GET /api/things',
        'GET /api/things/<b>open</b>',
        'POST /api/collaborations/:collaborationId/goals',
        'POST /api/things',
      ].sort(),
    );
    const del = byKey['DELETE /api/collaborations/:collaborationId/goals/:goalId'];
    expect(del?.pathParams).toEqual(['collaborationId', 'goalId']);
    expect(del?.paramSchemas?.goalId).toBe(uuid);
    expect(del?.successStatus).toBe(204);
    expect(byKey['POST /api/collaborations/:collaborationId/goals']?.bodySchema).toBe(goalInputSchema);
    expect(byKey['GET /api/collaborations/:collaborationId/goals']?.querySchema).toBe(pageQuery);
    expect(byKey['GET /api/things']?.accessRule).toEqual({ kind: 'authenticated' });
    expect(byKey['GET /api/things/<b>open</b>']?.accessRule).toEqual({ kind: 'public' });
    expect(byKey['POST /api/things']?.accessRule).toEqual({ kind: 'authenticated' });
  });

  it('builds operations with parameters, input-side body schemas, access and error responses', () => {
    const doc = buildOpenApiDocument(routes);
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/api/collaborations/{collaborationId}/goals']?.post;
    expect(create?.['x-permission']).toBe('goals.manage');
    expect(create?.['x-roles']).toEqual(['backbone_admin', 'backbone_staff']);
    expect(create?.security).toEqual([{ sessionCookie: [], csrfHeader: [] }]);
    const body = create?.requestBody?.content['application/json'].schema as { required?: string[]; properties?: object; additionalProperties?: boolean };
    // input side: `description` has a default, so it is not required
    expect(body.required).toEqual(['title', 'targetDate']);
    expect(Object.keys(body.properties ?? {})).toEqual(['title', 'description', 'targetDate']);
    expect(body.additionalProperties).toBe(false);
    expect(create?.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    expect(create?.responses['201']).toBeDefined();

    const list = doc.paths['/api/collaborations/{collaborationId}/goals']?.get;
    expect(list?.parameters?.filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual([
      ['page', false],
      ['pageSize', false],
    ]);
    const del = doc.paths['/api/collaborations/{collaborationId}/goals/{goalId}']?.delete;
    expect(del?.parameters?.find((p) => p.name === 'goalId')?.schema).toEqual(expect.objectContaining({ type: 'string', format: 'uuid' }));
    expect(del?.responses['204']).toBeDefined();
    expect(del?.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    expect(doc.paths['/api/things/<b>open</b>']?.get?.security).toEqual([]);
    expect(doc.components.responses.NotFound).toEqual(
      expect.objectContaining({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } }),
    );
  });

  it('renders an escaped, script-free HTML table', () => {
    const html = renderDocsPage(buildOpenApiDocument(routes));
    expect(html).toContain('<code>/api/things/&lt;b&gt;open&lt;/b&gt;</code>');
    expect(html).not.toContain('<b>open</b>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('title*, description, targetDate*');
  });
});
