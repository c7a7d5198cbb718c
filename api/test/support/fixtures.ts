import type { CollaborationDetail, CreateCollaborationInput, Role } from '@constellation/shared';
import { hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CSRF_COOKIE, SESSION_COOKIE, SessionsService } from '../../src/modules/access/sessions.service';
import { Agent, type TestApp } from './app';

/**
 * Test fixtures shared by the integration suites: people with a session (without going through
 * /api/auth), memberships and partners written directly, and a valid collaboration body.
 *
 *   const alice = await createUser(t, { name: 'Alice' });          // an Agent, signed in
 *   const collab = await createCollaboration(alice);               // POST /api/collaborations → detail
 *   const bob = await createUser(t);
 *   await addMember(t, collab.id, bob.user.id, 'partner_contributor'); // new partner organisation
 *   await bob.get(`/api/collaborations/${collab.id}`);             // 200
 */

/** The password of every fixture user (so sign-in tests can use them too). */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface FixtureUser {
  id: string;
  email: string;
  name: string;
}

/** A signed-in test client: the Agent (cookies + CSRF header on writes) and who it is. */
export class UserAgent extends Agent {
  constructor(
    t: TestApp,
    readonly user: FixtureUser,
  ) {
    super(t.app);
  }
}

/** The app's own TypeORM DataSource (the suite's fresh database). */
export const dataSourceOf = (t: TestApp): DataSource => t.app.get(DataSource);

const unique = () => randomBytes(5).toString('hex');

let passwordHash: Promise<string> | null = null;
/** argon2id of TEST_PASSWORD, computed once per test file. */
const testPasswordHash = () => (passwordHash ??= hash(TEST_PASSWORD));

/**
 * Insert a user (argon2id hash of TEST_PASSWORD) and return an Agent signed in as them.
 * Email and name default to unique values; the email is stored lower-cased.
 */
export async function createUser(
  t: TestApp,
  opts: { email?: string; name?: string } = {},
): Promise<UserAgent> {
  const id = unique();
  const email = (opts.email ?? `user-${id}@example.test`).toLowerCase();
  const name = opts.name ?? `User ${id}`;
  const rows: Array<{ id: string }> = await dataSourceOf(t).query(
    `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
    [email, name, await testPasswordHash()],
  );
  return signIn(t, { id: rows[0]!.id, email, name });
}

/**
 * A new session for an existing user, as sign-in creates it (SessionsService: only the SHA-256 of
 * the token is stored), and an Agent carrying its cookies and CSRF token.
 */
export async function signIn(t: TestApp, user: FixtureUser): Promise<UserAgent> {
  const { token, session } = await t.app.get(SessionsService).create(user.id, '127.0.0.1', 'fixtures');
  const agent = new UserAgent(t, user);
  // supertest requests go to 127.0.0.1; the agent's jar sends these cookies with every request.
  const jar = (
    agent.http as unknown as { jar: { setCookies(c: string[], domain: string, path: string): void } }
  ).jar;
  jar.setCookies(
    [`${SESSION_COOKIE}=${token}; Path=/; HttpOnly`, `${CSRF_COOKIE}=${session.csrfToken}; Path=/`],
    '127.0.0.1',
    '/',
  );
  agent.csrf = session.csrfToken;
  return agent;
}

export interface PartnerFixture {
  partnerId: string;
  organisationId: string;
}

/**
 * Add an organisation to a collaboration: a new organisation and an (active, by default) partner
 * row. `endorsedAgendaVersion` defaults to the current version for active partners.
 */
export async function addPartner(
  t: TestApp,
  collaborationId: string,
  opts: {
    organisationName?: string;
    kind?: 'partner' | 'funder';
    status?: 'invited' | 'pending' | 'active' | 'left' | 'rejected';
    endorsedAgendaVersion?: number | null;
  } = {},
): Promise<PartnerFixture> {
  const ds = dataSourceOf(t);
  const status = opts.status ?? 'active';
  const [org]: Array<{ id: string }> = await ds.query(
    `INSERT INTO organisations (name) VALUES ($1) RETURNING id`,
    [opts.organisationName ?? `Organisation ${unique()}`],
  );
  const endorsed =
    opts.endorsedAgendaVersion !== undefined
      ? opts.endorsedAgendaVersion
      : status === 'active'
        ? ((
            await ds.query(`SELECT current_agenda_version AS v FROM collaborations WHERE id = $1`, [
              collaborationId,
            ])
          )[0]?.v as number)
        : null;
  const [partner]: Array<{ id: string }> = await ds.query(
    `INSERT INTO partners (collaboration_id, organisation_id, kind, status, endorsed_agenda_version, endorsed_at, joined_at)
     VALUES ($1, $2, $3, $4, $5::int, CASE WHEN $5::int IS NULL THEN NULL ELSE now() END,
             CASE WHEN $4 = 'active' THEN now() END)
     RETURNING id`,
    [collaborationId, org!.id, opts.kind ?? 'partner', status, endorsed],
  );
  return { partnerId: partner!.id, organisationId: org!.id };
}

/**
 * Give a user a role in a collaboration. Without `partnerId`: backbone roles join the backbone
 * partner; partner roles and funders join a new organisation added with addPartner().
 */
export async function addMember(
  t: TestApp,
  collaborationId: string,
  userId: string,
  role: Role,
  partnerId?: string,
): Promise<{ membershipId: string; partnerId: string }> {
  const ds = dataSourceOf(t);
  let pid = partnerId;
  if (!pid && (role === 'backbone_admin' || role === 'backbone_staff')) {
    const rows: Array<{ id: string }> = await ds.query(
      `SELECT id FROM partners WHERE collaboration_id = $1 AND kind = 'backbone' ORDER BY created_at LIMIT 1`,
      [collaborationId],
    );
    pid = rows[0]?.id;
    if (!pid) throw new Error(`Collaboration ${collaborationId} has no backbone partner`);
  }
  pid ??= (await addPartner(t, collaborationId, { kind: role === 'funder' ? 'funder' : 'partner' }))
    .partnerId;
  const [m]: Array<{ id: string }> = await ds.query(
    `INSERT INTO memberships (collaboration_id, user_id, partner_id, role) VALUES ($1, $2, $3, $4) RETURNING id`,
    [collaborationId, userId, pid, role],
  );
  return { membershipId: m!.id, partnerId: pid };
}

/** A valid body for POST /api/collaborations (two goals, the first with two strategies). */
export function collaborationInput(
  overrides: Partial<CreateCollaborationInput> = {},
): CreateCollaborationInput {
  return {
    name: `Ready by Five ${unique()}`,
    backboneOrganisationName: 'Riverton Community Foundation',
    agenda: {
      problemStatement: 'Too few children in Riverton start school ready to learn.',
      vision: 'Every child in Riverton ready for school by 2030.',
      principles: ['Families first', 'Share the data'],
      geography: 'Riverton',
      form: 'collective_impact',
      fiscalYearStartMonth: 4,
      timeZone: 'Europe/London',
      requiresApproval: false,
    },
    goals: [
      {
        title: 'School readiness',
        description: 'Children meet the early learning goals at age 5.',
        targetDate: '2030-07-31',
        strategies: [
          { name: 'Early literacy', description: 'Reading at home' },
          { name: 'Healthy start', description: '' },
        ],
      },
      { title: 'Family wellbeing', description: '', targetDate: '2032-12-31', strategies: [] },
    ],
    ...overrides,
  };
}

/** Create a collaboration through the API as `agent` (who becomes its backbone admin). */
export async function createCollaboration(
  agent: Agent,
  overrides: Partial<CreateCollaborationInput> = {},
): Promise<CollaborationDetail> {
  const res = await agent.post('/api/collaborations', collaborationInput(overrides));
  if (res.status !== 201)
    throw new Error(`Creating a collaboration answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as CollaborationDetail;
}
