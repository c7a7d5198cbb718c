import { type DynamicModule, type ForwardReference, type INestApplicationContext, RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, MODULE_METADATA, MODULE_PATH, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ApplicationConfig, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { z, ZodType } from 'zod';
import { ACCESS_KEY, type AccessRule } from './access.decorators';

/**
 * The inventory of every HTTP route: what the access tests and the OpenAPI document are
 * built from. Read from the same metadata Nest routes with (PATH/METHOD metadata, the
 * `{ schema }` of @Body/@Query/@Param, the access rule), so it cannot drift from the app.
 * Global-prefix exclusions and RouterModule paths are honoured; URI versioning is not used.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ALL' | 'SEARCH' | 'QUERY';

export interface RouteInventoryEntry {
  method: HttpMethod;
  /** Express path as served, global prefix included, e.g. `/api/collaborations/:collaborationId`. */
  path: string;
  /** Names of the `:params` in the path, in order. */
  pathParams: string[];
  /** `undefined` when the route declares none (the guard then denies it). */
  accessRule: AccessRule | undefined;
  bodySchema?: ZodType;
  querySchema?: ZodType;
  /** Schemas of `@Param('name', { schema })`; `*` for a whole-object `@Param({ schema })`. */
  paramSchemas?: Record<string, ZodType>;
  /** @HttpCode when set, else Nest's default (201 for POST, 200 otherwise). */
  successStatus: number;
  controller: string;
  handler: string;
}

/** Route-argument types (RouteParamtypes in @nestjs/common). */
const ARG_BODY = 3;
const ARG_QUERY = 4;
const ARG_PARAM = 5;

interface RouteArg {
  index: number;
  data?: unknown;
  schema?: unknown;
}

function normalise(...fragments: string[]): string {
  const joined = fragments
    .flatMap((f) => f.split('/'))
    .filter((s) => s.length > 0)
    .join('/');
  return '/' + joined;
}

/** `:name` parameters of an Express 5 (path-to-regexp 8) path, including `{/:optional}` ones. */
export function pathParamsOf(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
}

function methodName(m: unknown): HttpMethod {
  const name = typeof m === 'number' ? RequestMethod[m] : String(m ?? 'GET');
  return (name ?? 'GET').toUpperCase() as HttpMethod;
}

/** Per-property schemas (`@Body('field', { schema })`) are gathered into one object schema. */
function gather(args: RouteArg[]): { whole?: ZodType; fields: Record<string, ZodType> } {
  const fields: Record<string, ZodType> = {};
  let whole: ZodType | undefined;
  for (const a of args) {
    if (!(a.schema instanceof ZodType)) continue;
    if (typeof a.data === 'string' && a.data.length > 0) fields[a.data] = a.schema;
    else whole = a.schema;
  }
  return { whole, fields };
}

function schemasOf(controller: Type, handler: string) {
  const raw = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, RouteArg>;
  const byType = new Map<number, RouteArg[]>();
  for (const [key, arg] of Object.entries(raw)) {
    const type = Number(key.split(':')[0]);
    if (!Number.isInteger(type)) continue; // custom decorators (@Ctx) carry no schema
    byType.set(type, [...(byType.get(type) ?? []), arg]);
  }
  const body = gather(byType.get(ARG_BODY) ?? []);
  const query = gather(byType.get(ARG_QUERY) ?? []);
  const params = gather(byType.get(ARG_PARAM) ?? []);
  const out: Pick<RouteInventoryEntry, 'bodySchema' | 'querySchema' | 'paramSchemas'> = {};
  const bodySchema = body.whole ?? (Object.keys(body.fields).length ? z.object(body.fields) : undefined);
  const querySchema = query.whole ?? (Object.keys(query.fields).length ? z.object(query.fields) : undefined);
  if (bodySchema) out.bodySchema = bodySchema;
  if (querySchema) out.querySchema = querySchema;
  const paramSchemas = { ...params.fields, ...(params.whole ? { '*': params.whole } : {}) };
  if (Object.keys(paramSchemas).length) out.paramSchemas = paramSchemas;
  return out;
}

export interface InventoryOptions {
  /** `app.setGlobalPrefix(...)`, e.g. `api`. */
  globalPrefix?: string;
  /** Paths excluded from the global prefix (ApplicationConfig.getGlobalPrefixOptions().exclude). */
  isExcluded?: (path: string, method: RequestMethod) => boolean;
  /** RouterModule path of the module declaring the controller. */
  modulePath?: string;
  scanner?: MetadataScanner;
}

/** The routes one controller class declares. */
export function controllerRoutes(controller: Type, options: InventoryOptions = {}): RouteInventoryEntry[] {
  const scanner = options.scanner ?? new MetadataScanner();
  const ctrlPaths = ([] as string[]).concat((Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? '/');
  const classRule = Reflect.getMetadata(ACCESS_KEY, controller) as AccessRule | undefined;
  const entries: RouteInventoryEntry[] = [];
  for (const handler of scanner.getAllMethodNames(controller.prototype)) {
    const fn = (controller.prototype as Record<string, unknown>)[handler];
    if (typeof fn !== 'function') continue;
    const methodPath = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
    if (methodPath === undefined) continue;
    const requestMethod = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
    const method = methodName(requestMethod ?? RequestMethod.GET);
    // The guard reads [handler, class] with getAllAndOverride: the handler's rule wins.
    const accessRule = (Reflect.getMetadata(ACCESS_KEY, fn) as AccessRule | undefined) ?? classRule;
    const httpCode = Reflect.getMetadata(HTTP_CODE_METADATA, fn) as number | undefined;
    const schemas = schemasOf(controller, handler);
    for (const ctrlPath of ctrlPaths) {
      for (const mPath of ([] as string[]).concat(methodPath)) {
        const local = normalise(options.modulePath ?? '', ctrlPath, mPath);
        const excluded = options.isExcluded?.(local, requestMethod ?? RequestMethod.GET) ?? false;
        const path = options.globalPrefix && !excluded ? normalise(options.globalPrefix, local) : local;
        entries.push({
          method,
          path,
          pathParams: pathParamsOf(path),
          accessRule,
          ...schemas,
          successStatus: httpCode ?? (method === 'POST' ? 201 : 200),
          controller: controller.name,
          handler,
        });
      }
    }
  }
  return entries;
}

function sortRoutes(routes: RouteInventoryEntry[]): RouteInventoryEntry[] {
  const order: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const rank = (m: HttpMethod) => (order.includes(m) ? order.indexOf(m) : order.length);
  return routes.sort((a, b) => a.path.localeCompare(b.path) || rank(a.method) - rank(b.method));
}

/** Every route of an initialised application, from its module container. */
export function buildRouteInventory(modules: ModulesContainer, config: ApplicationConfig): RouteInventoryEntry[] {
  const scanner = new MetadataScanner();
  const exclude = config.getGlobalPrefixOptions().exclude ?? [];
  const isExcluded = (path: string, method: RequestMethod) =>
    exclude.some((e) => (e.requestMethod === RequestMethod.ALL || e.requestMethod === method) && e.pathRegex.test(path));
  const seen = new Set<string>();
  const routes: RouteInventoryEntry[] = [];
  for (const module of modules.values()) {
    const modulePath =
      (Reflect.getMetadata(MODULE_PATH + modules.applicationId, module.metatype) as string | undefined) ??
      (Reflect.getMetadata(MODULE_PATH, module.metatype) as string | undefined);
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype as Type | null;
      if (!metatype || typeof metatype !== 'function') continue;
      for (const r of controllerRoutes(metatype, { globalPrefix: config.getGlobalPrefix(), isExcluded, modulePath, scanner })) {
        const key = `${r.method} ${r.path} ${r.controller}.${r.handler}`;
        if (!seen.has(key)) {
          seen.add(key);
          routes.push(r);
        }
      }
    }
  }
  return sortRoutes(routes);
}

/** The inventory of a created (and initialised) Nest application. */
export function routeInventoryOf(app: INestApplicationContext): RouteInventoryEntry[] {
  return buildRouteInventory(app.get(ModulesContainer), app.get(ApplicationConfig));
}

type ModuleRef = Type | DynamicModule | ForwardReference | Promise<DynamicModule> | undefined;

/**
 * The same inventory read statically from a root module's metadata, without creating the
 * application (test tables must be known synchronously). Async dynamic modules and
 * RouterModule paths are invisible here: compare with routeInventoryOf(app) at runtime.
 */
export function staticRouteInventory(root: Type | DynamicModule, globalPrefix: string): RouteInventoryEntry[] {
  const seenModules = new Set<unknown>();
  const controllers = new Set<Type>();
  const visit = (ref: ModuleRef): void => {
    if (!ref || ref instanceof Promise) return;
    if ('forwardRef' in ref && typeof ref.forwardRef === 'function') return visit(ref.forwardRef() as ModuleRef);
    if (seenModules.has(ref)) return;
    seenModules.add(ref);
    const dynamic = typeof ref === 'object' && 'module' in ref ? (ref as DynamicModule) : undefined;
    const cls = (dynamic ? dynamic.module : ref) as Type;
    const meta = <T>(key: string) => (Reflect.getMetadata(key, cls) as T[] | undefined) ?? [];
    for (const c of [...meta<Type>(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])]) controllers.add(c);
    for (const i of [...meta<ModuleRef>(MODULE_METADATA.IMPORTS), ...((dynamic?.imports ?? []) as ModuleRef[])]) visit(i);
    if (dynamic) visit(cls);
  };
  visit(root);
  const scanner = new MetadataScanner();
  return sortRoutes([...controllers].flatMap((c) => controllerRoutes(c, { globalPrefix, scanner })));
}

/** Routes the default-deny guard would refuse because they state no access rule. */
export function routesWithoutAccessRule(routes: RouteInventoryEntry[]): RouteInventoryEntry[] {
  return routes.filter((r) => !r.accessRule);
}

/** Express `:param` → OpenAPI `{param}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}
