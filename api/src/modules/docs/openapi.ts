import { ROLE_LABELS, ROLES, roleHas } from '@constellation/shared';
import { STATUS_CODES } from 'node:http';
import { z, type ZodType } from 'zod';
import type { AccessRule } from '../../common/access.decorators';
import { openApiPath, type RouteInventoryEntry } from '../../common/route-inventory';

/**
 * The OpenAPI 3.1 document, built from the route inventory: paths and parameters from the
 * routes, request bodies and query strings from the same zod schemas the validation pipe
 * uses (input side), the access rule of every operation, and the one error body.
 */
export type JsonSchema = Record<string, unknown>;

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters?: Array<Record<string, unknown>>;
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, unknown>;
  security: Array<Record<string, string[]>>;
  'x-access': AccessRule['kind'] | 'undeclared';
  'x-permission'?: string;
  'x-roles'?: string[];
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
}

export const SESSION_SCHEME = 'sessionCookie';
export const CSRF_SCHEME = 'csrfHeader';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** zod → JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), input side. */
export function jsonSchemaOf(schema: ZodType): JsonSchema {
  try {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    return rest;
  } catch (err) {
    return { description: `Not representable as JSON Schema: ${(err as Error).message}` };
  }
}

export function describeAccess(rule: AccessRule | undefined): string {
  if (!rule) return 'Access: none declared — the server refuses this route (403).';
  if (rule.kind === 'public') return 'Access: public (no sign-in).';
  if (rule.kind === 'authenticated') return 'Access: any signed-in person.';
  const roles = ROLES.filter((r) => roleHas(r, rule.permission)).map((r) => ROLE_LABELS[r]);
  return (
    `Access: permission \`${rule.permission}\` in the collaboration (roles: ${roles.join(', ') || 'none'}). ` +
    'Members without it get 403; people who are not members get 404.'
  );
}

const errorRef = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

const ERROR_RESPONSES: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'Invalid input; `details` names each field path.' },
  '401': { name: 'Unauthorized', description: 'Not signed in, or the session expired.' },
  '403': { name: 'Forbidden', description: 'Missing CSRF token on a write, or the role lacks the permission.' },
  '404': { name: 'NotFound', description: 'Unknown id, or a collaboration the caller is not a member of.' },
};

function parametersOf(route: RouteInventoryEntry): Array<Record<string, unknown>> {
  const params: Array<Record<string, unknown>> = route.pathParams.map((name) => {
    const schema = route.paramSchemas?.[name];
    return { name, in: 'path', required: true, schema: schema ? jsonSchemaOf(schema) : { type: 'string' } };
  });
  if (route.querySchema) {
    const q = jsonSchemaOf(route.querySchema);
    const props = (q.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((q.required ?? []) as string[]);
    for (const [name, schema] of Object.entries(props)) {
      params.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  return params;
}

function responsesOf(route: RouteInventoryEntry): Record<string, unknown> {
  const rule = route.accessRule;
  const codes = new Set<string>();
  if (route.bodySchema || route.querySchema || route.paramSchemas) codes.add('400');
  if (!rule || rule.kind !== 'public') codes.add('403');
  if (rule && rule.kind !== 'public') codes.add('401');
  if (route.pathParams.length > 0) codes.add('404');
  const responses: Record<string, unknown> = {
    [String(route.successStatus)]: { description: STATUS_CODES[route.successStatus] ?? 'Success' },
  };
  for (const code of [...codes].sort()) {
    responses[code] = { $ref: `#/components/responses/${ERROR_RESPONSES[code]?.name}` };
  }
  responses['4XX'] = errorRef('Any other client error, in the standard error body.');
  return responses;
}

function securityOf(route: RouteInventoryEntry): Array<Record<string, string[]>> {
  if (route.accessRule?.kind === 'public') return [];
  return [WRITE_METHODS.has(route.method) ? { [SESSION_SCHEME]: [], [CSRF_SCHEME]: [] } : { [SESSION_SCHEME]: [] }];
}

function tagOf(route: RouteInventoryEntry): string {
  return route.controller.replace(/Controller$/, '') || 'Default';
}

export function buildOpenApiDocument(routes: RouteInventoryEntry[], info: { title?: string; version?: string } = {}): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const usedIds = new Set<string>();
  for (const route of routes) {
    const methods = route.method === 'ALL' ? ['get', 'post', 'put', 'patch', 'delete'] : [route.method.toLowerCase()];
    for (const method of methods) {
      let operationId = `${route.controller.replace(/Controller$/, '')}.${route.handler}`;
      for (let n = 2; usedIds.has(operationId); n++) operationId = `${operationId.replace(/_\d+$/, '')}_${n}`;
      usedIds.add(operationId);
      const rule = route.accessRule;
      const op: OpenApiOperation = {
        operationId,
        summary: `${route.method} ${route.path}`,
        description: describeAccess(rule),
        tags: [tagOf(route)],
        responses: responsesOf(route),
        security: securityOf(route),
        'x-access': rule?.kind ?? 'undeclared',
      };
      if (rule?.kind === 'permission') {
        op['x-permission'] = rule.permission;
        op['x-roles'] = ROLES.filter((r) => roleHas(r, rule.permission));
      }
      const parameters = parametersOf(route);
      if (parameters.length) op.parameters = parameters;
      if (route.bodySchema) {
        op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchemaOf(route.bodySchema) } } };
      }
      (paths[openApiPath(route.path)] ??= {})[method] = op;
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'Constellation API',
      version: info.version ?? '1',
      description:
        'Shared measurement for collective impact. JSON in, JSON out; every error has the body ' +
        '`{statusCode, error, message, details: [{path, message}]}`. Cookie sessions: every signed-in ' +
        'write also sends the `X-CSRF-Token` header (the value is returned by `GET /api/me`).',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map(tagOf))].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: {
        ErrorDetail: {
          type: 'object',
          required: ['path', 'message'],
          properties: {
            path: { type: 'string', description: 'Field path, e.g. `goals.0.targetDate` (empty for the whole body).' },
            message: { type: 'string' },
          },
        },
        ErrorBody: {
          type: 'object',
          required: ['statusCode', 'error', 'message', 'details'],
          properties: {
            statusCode: { type: 'integer' },
            error: { type: 'string' },
            message: { type: 'string' },
            details: { type: 'array', items: { $ref: '#/components/schemas/ErrorDetail' } },
          },
        },
      },
      responses: Object.fromEntries(Object.values(ERROR_RESPONSES).map((r) => [r.name, errorRef(r.description)])),
      securitySchemes: {
        [SESSION_SCHEME]: { type: 'apiKey', in: 'cookie', name: 'constellation_session', description: 'Set by sign-in and sign-up (httpOnly).' },
        [CSRF_SCHEME]: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'Required on every signed-in write.' },
      },
    },
  };
}
