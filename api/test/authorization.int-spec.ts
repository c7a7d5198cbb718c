import { Controller, Get, Post } from '@nestjs/common';
import { ROLES, type Role, roleHas } from '@constellation/shared';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { Public } from '../src/common/access.decorators';
import { controllerRoutes, type RouteInventoryEntry, routeInventoryOf, routesWithoutAccessRule, staticRouteInventory } from '../src/common/route-inventory';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/config';
import { buildRolesFixture, type CollaborationFixture, openSession, type RolesFixture } from './support/roles-fixture';
import { startTestApp, type TestApp } from './support/app';

/**
 * Tenant isolation as a matrix: every route × every role × two collaborations.
 * The table is read from the route metadata, so a new route is covered (or fails) by itself.
 * Each route gets its own fresh pair of collaborations; within a route the cases that must be
 * denied run first and the allowed ones last (backbone admin at the very end), so a
 * destructive route (DELETE, archive, revoke, decision) cannot spoil another case.
 */
const ROUTES = staticRouteInventory(AppModule.forRoot(loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false' })), 'api');

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'ALL']);
const NOT_MEMBER = 'Collaboration not found';
const CSRF_MESSAGE = /CSRF/i;
/** Params naming a row that belongs to one collaboration (the cross-tenant case swaps them for B's). */
const CHILD_PARAMS = new Set(['goalId', 'strategyId', 'partnerId', 'invitationId', 'membershipId']);
/** Permissions limited to the caller's own organisation: partner admins naming another organisation's rows are refused. */
const OWN_ORG_PERMISSIONS = new Set<string>(['members.manage_own_org', 'agenda.endorse']);
/**
 * Where a case must reach the service (cross-tenant, other organisation) an empty body would stop
 * at validation, so the first of these bodies the route's own schema accepts is sent instead.
 */
const PROBE_BODIES: object[] = [
  {},
  { decision: 'reject' },
  { agendaVersion: 1 },
  { endorsedAgendaVersion: 1 },
  { role: 'partner_contributor' },
  { email: 'probe@example.test', role: 'partner_contributor' },
  { name: 'Probe' },
  { title: 'Probe' },
  { name: 'Probe', description: '' },
  { title: 'Probe', targetDate: '2031-01-31' },
];

type Actor = 'anonymous' | 'outsider' | Role;
type Expectation =
  | 'unauthenticated' // 401
  | 'not-member' // 404 Collaboration not found, nothing written
  | 'csrf' // 403 for a write without X-CSRF-Token, nothing written
  | 'forbidden' // 403 from the role check, nothing written
  | 'cross-tenant' // A's admin naming B's rows under A: 404 (or 400 before the lookup), B untouched
  | 'other-org' // a partner admin naming another organisation's rows: 403/404, nothing written
  | 'allowed' // past the guard: not 401/403, not the non-member 404, never 5xx
  | 'signed-in' // Authenticated(): not 401, never 5xx
  | 'public'; // Public(): never 401/403, never 5xx

interface Case {
  label: string;
  actor: Actor;
  expect: Expectation;
  noCsrf?: boolean;
  /** Whose rows the child params name: A's (default), B's (with A's collaborationId), or another organisation's in A. */
  rows?: 'a' | 'b' | 'other-org';
}

const ruleLabel = (r: RouteInventoryEntry) =>
  !r.accessRule ? 'NO ACCESS RULE' : r.accessRule.kind === 'permission' ? r.accessRule.permission : r.accessRule.kind;
const isWrite = (r: RouteInventoryEntry) => WRITE.has(r.method);
const signedIn: Actor[] = [...ROLES, 'outsider'];

function casesFor(route: RouteInventoryEntry): Case[] {
  const rule = route.accessRule;
  if (!rule) return [];
  const cases: Case[] = [];
  if (rule.kind === 'public') {
    for (const actor of ['anonymous', ...signedIn] as Actor[]) cases.push({ label: `${actor} is let in`, actor, expect: 'public' });
    return cases;
  }
  cases.push({ label: 'anonymous gets 401', actor: 'anonymous', expect: 'unauthenticated' });
  if (isWrite(route)) cases.push({ label: 'backbone_admin without X-CSRF-Token gets 403', actor: 'backbone_admin', expect: 'csrf', noCsrf: true });
  if (rule.kind === 'authenticated') {
    for (const actor of signedIn) cases.push({ label: `${actor} is let in`, actor, expect: 'signed-in' });
    return cases;
  }
  cases.push({ label: 'outsider (admin of B) gets 404', actor: 'outsider', expect: 'not-member' });
  const allowed = ROLES.filter((r) => roleHas(r, rule.permission));
  for (const role of ROLES.filter((r) => !allowed.includes(r))) cases.push({ label: `${role} gets 403`, actor: role, expect: 'forbidden' });
  if (route.pathParams.some((p) => CHILD_PARAMS.has(p)) && allowed.includes('backbone_admin')) {
    cases.push({ label: "backbone_admin of A naming B's rows gets 404", actor: 'backbone_admin', expect: 'cross-tenant', rows: 'b' });
  }
  if (OWN_ORG_PERMISSIONS.has(rule.permission) && allowed.includes('partner_admin') && route.pathParams.some((p) => p === 'partnerId' || p === 'membershipId')) {
    cases.push({ label: "partner_admin naming another organisation's rows is refused", actor: 'partner_admin', expect: 'other-org', rows: 'other-org' });
  }
  const lastFirst = [...allowed.filter((r) => r !== 'backbone_admin'), ...allowed.filter((r) => r === 'backbone_admin')];
  for (const role of lastFirst) cases.push({ label: `${role} is let in`, actor: role, expect: 'allowed' });
  return cases;
}

function paramValue(name: string, route: RouteInventoryEntry, fx: RolesFixture, c: Case): string {
  const rows: CollaborationFixture = c.rows === 'b' ? fx.b : fx.a;
  if (c.rows === 'other-org') {
    // The partner admin belongs to A's partner organisation: name the funder's and the backbone's rows.
    if (name === 'partnerId') return fx.a.partners.funder;
    if (name === 'membershipId') return fx.a.memberships.backbone_staff ?? randomUUID();
  }
  switch (name) {
    case 'collaborationId':
      return fx.a.id;
    case 'goalId':
      return rows.goalId;
    case 'strategyId':
      return rows.strategyId;
    case 'partnerId':
      return /join-requests/.test(route.path) ? rows.partners.pending : rows.partners.partner;
    case 'invitationId':
      return rows.invitationId;
    case 'membershipId':
      return rows.memberships.partner_contributor ?? rows.memberships.backbone_admin ?? randomUUID();
    case 'version':
      return '1';
    case 'token':
      return rows.invitationToken;
    default:
      return randomUUID();
  }
}

function urlFor(route: RouteInventoryEntry, fx: RolesFixture, c: Case): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(paramValue(name, route, fx, c)));
}

/** A tenant's rows as one comparable value (audit events excluded: denials are audited). */
async function fingerprint(pool: Pool, collaborationId: string): Promise<unknown> {
  const { rows } = await pool.query<{ f: unknown }>(
    `SELECT json_build_object(
       'collaboration', (SELECT row_to_json(c) FROM (SELECT name, slug, status, join_code, current_agenda_version, archived_at,
                                                            show_contributions_to_funders, status_band_on_track, status_band_at_risk
                                                     FROM collaborations WHERE id = $1) c),
       'outbox', (SELECT count(*) FROM outbox WHERE collaboration_id = $1),
       'agenda', (SELECT coalesce(json_agg(v ORDER BY v.version), '[]') FROM (SELECT version, vision FROM agenda_versions WHERE collaboration_id = $1) v),
       'goals', (SELECT coalesce(json_agg(g ORDER BY g.id), '[]') FROM (SELECT id, title, description, target_date, position FROM goals WHERE collaboration_id = $1) g),
       'strategies', (SELECT coalesce(json_agg(s ORDER BY s.id), '[]') FROM (SELECT id, goal_id, name, description, position FROM strategies WHERE collaboration_id = $1) s),
       'partners', (SELECT coalesce(json_agg(p ORDER BY p.id), '[]') FROM (SELECT id, kind, status, endorsed_agenda_version FROM partners WHERE collaboration_id = $1) p),
       'memberships', (SELECT coalesce(json_agg(m ORDER BY m.id), '[]') FROM (SELECT id, user_id, partner_id, role FROM memberships WHERE collaboration_id = $1) m),
       'invitations', (SELECT coalesce(json_agg(i ORDER BY i.id), '[]') FROM (SELECT id, email, role, accepted_at, revoked_at FROM invitations WHERE collaboration_id = $1) i)
     ) AS f`,
    [collaborationId],
  );
  return rows[0]?.f;
}

function probeBodyFor(route: RouteInventoryEntry): object | undefined {
  const schema = route.bodySchema;
  if (!schema) return {};
  return PROBE_BODIES.find((b) => schema.safeParse(b).success);
}

function verdict(route: RouteInventoryEntry, expectation: Expectation, status: number, message: unknown): boolean {
  const msg = typeof message === 'string' ? message : '';
  switch (expectation) {
    case 'unauthenticated':
      return status === 401;
    case 'not-member':
      return status === 404 && msg === NOT_MEMBER;
    case 'csrf':
      return status === 403 && CSRF_MESSAGE.test(msg);
    case 'forbidden':
      return status === 403 && !CSRF_MESSAGE.test(msg);
    case 'cross-tenant':
      // The body is validated before the handler runs: without a valid probe body a 400 comes first.
      return (status === 404 || (status === 400 && !probeBodyFor(route))) && msg !== NOT_MEMBER;
    case 'other-org':
      return (status === 403 || status === 404 || (status === 400 && !probeBodyFor(route))) && msg !== NOT_MEMBER;
    case 'allowed':
      return status < 500 && status !== 401 && status !== 403 && !(status === 404 && msg === NOT_MEMBER);
    case 'signed-in':
      return status < 500 && status !== 401;
    case 'public':
      return status < 500 && status !== 401 && status !== 403;
  }
}

/**
 * The access column of docs/API.md (P = public, A = any signed-in person, else the permission):
 * the contract the matrix holds the declared rules to, so a weakened rule fails here too.
 */
function documentedAccess(): Map<string, string> {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'API.md'), 'utf8');
  const out = new Map<string, string>();
  for (const line of doc.split('\n')) {
    const cells = line.split('|').map((c) => c.trim().replace(/`/g, ''));
    const [, methods, paths, access] = cells;
    if (!methods || !paths || !access || !/^[A-Z]+(\/[A-Z]+)*$/.test(methods)) continue;
    const [first, ...siblings] = paths.split(/,\s*/);
    if (!first?.startsWith('/')) continue;
    // "/x/:id/archive, /unarchive": a sibling replaces the last segment.
    const all = [first, ...siblings.map((sib) => first.replace(/\/[^/]+$/, '') + sib)];
    const rule = access === 'P' ? 'public' : access === 'A' ? 'authenticated' : access;
    for (const m of methods.split('/')) for (const path of all) out.set(`${m} /api${path}`, rule);
  }
  return out;
}
/** Routes served but not (yet) in docs/API.md; each one should be added there, then removed here. */
const NOT_IN_API_MD = new Set<string>();

let t: TestApp;
let pool: Pool;

beforeAll(async () => {
  // Sign-in throttling is not under test here; the matrix signs in nobody but sends many requests.
  t = await startTestApp({ SIGNIN_MAX_PER_IP: '1000000', SIGNIN_MAX_PER_ACCOUNT: '1000000' });
  pool = new Pool({ connectionString: t.dbUrl, max: 4 });
});

afterAll(async () => {
  await pool?.end();
  await t?.close();
});

async function send(route: RouteInventoryEntry, fx: RolesFixture, c: Case) {
  const user = c.actor === 'anonymous' ? null : c.actor === 'outsider' ? fx.outsider : fx.members[c.actor];
  const method = (route.method === 'ALL' ? 'GET' : route.method).toLowerCase();
  const http = request(t.app.getHttpServer()) as unknown as Record<string, (url: string) => request.Test>;
  const makeRequest = http[method];
  if (!makeRequest) throw new Error(`Cannot send ${route.method}`);
  let req = makeRequest(urlFor(route, fx, c)).set('accept', 'application/json');
  if (user) {
    // A fresh session per request: sign-out (and similar) must not end the next case's session.
    const creds = await openSession(pool, user.id);
    req = req.set('cookie', creds.cookie);
    if (!c.noCsrf) req = req.set('x-csrf-token', creds.csrf);
  }
  const body = c.rows && c.rows !== 'a' ? (probeBodyFor(route) ?? {}) : {};
  if (isWrite(route)) req = req.set('content-type', 'application/json').send(body);
  return req;
}

describe('route inventory', () => {
  it('the static inventory (test tables) matches the running application', () => {
    const key = (r: RouteInventoryEntry) => `${r.method} ${r.path} → ${r.controller}.${r.handler} [${ruleLabel(r)}]`;
    expect(ROUTES.map(key).sort()).toEqual(routeInventoryOf(t.app).map(key).sort());
    expect(ROUTES.length).toBeGreaterThan(0);
  });

  it('every route declares an access rule (Public, Authenticated or RequirePermission)', () => {
    const offenders = routesWithoutAccessRule(routeInventoryOf(t.app)).map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`);
    expect({ routesWithoutAccessRule: offenders }).toEqual({ routesWithoutAccessRule: [] });
  });

  it('every permission route is scoped by :collaborationId', () => {
    const offenders = routeInventoryOf(t.app)
      .filter((r) => r.accessRule?.kind === 'permission' && !r.pathParams.includes('collaborationId'))
      .map((r) => `${r.method} ${r.path}`);
    expect({ permissionRoutesWithoutCollaborationId: offenders }).toEqual({ permissionRoutesWithoutCollaborationId: [] });
  });

  it('every declared rule is the one docs/API.md documents, and every route is documented', () => {
    const documented = documentedAccess();
    expect(documented.size).toBeGreaterThan(0);
    const routes = routeInventoryOf(t.app);
    const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const mismatched = routes
      .filter((r) => documented.has(`${r.method} ${r.path}`) && documented.get(`${r.method} ${r.path}`) !== ruleLabel(r))
      .map((r) => `${r.method} ${r.path}: declared ${ruleLabel(r)}, documented ${documented.get(`${r.method} ${r.path}`)}`);
    const undocumented = [...served].filter((k) => !documented.has(k) && !NOT_IN_API_MD.has(k));
    const notServed = [...documented.keys()].filter((k) => !served.has(k));
    expect({ mismatched, undocumented, notServed }).toEqual({ mismatched: [], undocumented: [], notServed: [] });
  });

  it('would name a route added without an access rule', () => {
    @Controller('probe')
    class ProbeController {
      @Get()
      @Public()
      declared() {}
      @Post(':id')
      forgotten() {}
    }
    const offenders = routesWithoutAccessRule(controllerRoutes(ProbeController, { globalPrefix: 'api' }));
    expect(offenders.map((r) => `${r.method} ${r.path} ${r.handler}`)).toEqual(['POST /api/probe/:id forgotten']);
  });
});

describe.each(ROUTES.map((r) => [`${r.method} ${r.path} [${ruleLabel(r)}]`, r] as const))('%s', (_name, route) => {
  let fx: RolesFixture;

  beforeAll(async () => {
    fx = await buildRolesFixture(pool);
  });

  if (!route.accessRule) {
    it('declares an access rule', () => {
      expect({ route: `${route.method} ${route.path}`, accessRule: route.accessRule }).toEqual({
        route: `${route.method} ${route.path}`,
        accessRule: expect.anything(),
      });
    });
    return;
  }

  it.each(casesFor(route).map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    const denied = c.expect !== 'allowed' && c.expect !== 'signed-in' && c.expect !== 'public';
    const watched = c.rows === 'b' ? fx.b.id : fx.a.id;
    const before = denied ? await fingerprint(pool, watched) : undefined;
    const res = await send(route, fx, c);
    const body = res.body as { message?: unknown };
    const ok = verdict(route, c.expect, res.status, body?.message);
    expect({ expectation: c.expect, ok, status: res.status, body: res.body as unknown }).toEqual(
      expect.objectContaining({ expectation: c.expect, ok: true }),
    );
    if (denied) expect(await fingerprint(pool, watched)).toEqual(before);
  });
});

describe('denied accesses are audited', () => {
  let fx: RolesFixture;
  const permissionRoutes = () => ROUTES.filter((r) => r.accessRule?.kind === 'permission' && r.pathParams.includes('collaborationId'));

  beforeAll(async () => {
    fx = await buildRolesFixture(pool);
  });

  async function deniedEvents(actorId: string) {
    const { rows } = await pool.query<{ action: string; collaboration_id: string | null; entity_id: string | null }>(
      `SELECT action, collaboration_id, entity_id FROM audit_events WHERE actor_id = $1 AND outcome = 'denied' ORDER BY id`,
      [actorId],
    );
    return rows;
  }

  it('a 403 (role without the permission) and a 404 (not a member) each leave a denied audit event', async () => {
    const route = permissionRoutes().find((r) => r.accessRule?.kind === 'permission' && !roleHas('funder', r.accessRule.permission));
    expect(route).toBeDefined();
    if (!route || route.accessRule?.kind !== 'permission') return;
    const permission = route.accessRule.permission;

    const forbidden = await send(route, fx, { label: '', actor: 'funder', expect: 'forbidden' });
    expect(forbidden.status).toBe(403);
    expect(await deniedEvents(fx.members.funder.id)).toEqual([
      expect.objectContaining({ action: `denied:${permission}`, collaboration_id: fx.a.id, entity_id: expect.stringContaining(fx.a.id) }),
    ]);

    const notMember = await send(route, fx, { label: '', actor: 'outsider', expect: 'not-member' });
    expect(notMember.status).toBe(404);
    // Audited against the collaboration, so its admins see attempts from outside.
    expect(await deniedEvents(fx.outsider.id)).toEqual([
      expect.objectContaining({ action: `denied:${permission}`, collaboration_id: fx.a.id, entity_id: expect.stringContaining(fx.a.id) }),
    ]);
  });

  it('a collaboration id that does not exist answers the same 404 and is audited without a collaboration', async () => {
    const route = permissionRoutes()[0];
    expect(route).toBeDefined();
    if (!route) return;
    const ghost: RolesFixture = { ...fx, a: { ...fx.a, id: randomUUID() } };
    const res = await send(route, ghost, { label: '', actor: 'backbone_staff', expect: 'not-member' });
    expect({ status: res.status, message: (res.body as { message?: unknown }).message }).toEqual({ status: 404, message: NOT_MEMBER });
    expect(await deniedEvents(fx.members.backbone_staff.id)).toEqual([
      expect.objectContaining({ collaboration_id: null, entity_id: expect.stringContaining(ghost.a.id) }),
    ]);
  });

  it('a write without the CSRF header leaves a denied audit event', async () => {
    const route = ROUTES.find((r) => isWrite(r) && r.accessRule && r.accessRule.kind !== 'public');
    expect(route).toBeDefined();
    if (!route) return;
    const res = await send(route, fx, { label: '', actor: 'backbone_admin', expect: 'csrf', noCsrf: true });
    expect(res.status).toBe(403);
    expect(await deniedEvents(fx.members.backbone_admin.id)).toEqual([expect.objectContaining({ action: 'denied:csrf' })]);
  });
});
