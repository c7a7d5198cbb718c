import { ROLES, type Role } from '@constellation/shared';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

/**
 * Fixtures for access tests, written with direct SQL (cheap enough to rebuild per route):
 * two collaborations A and B with the same shape, a user with a session for every role in A,
 * and an outsider who is backbone admin of B only.
 */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = () => randomBytes(32).toString('base64url');
const JOIN_CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const joinCode = () => Array.from(randomBytes(8), (b) => JOIN_CODE_CHARS[b % JOIN_CODE_CHARS.length]).join('');

export interface CollaborationFixture {
  id: string;
  slug: string;
  joinCode: string;
  organisations: { backbone: string; partner: string; funder: string; pending: string };
  /** Partner rows: the backbone, an active partner, an active funder, and a pending join request. */
  partners: { backbone: string; partner: string; funder: string; pending: string };
  goalId: string;
  strategyId: string;
  /** A pending invitation (to the active partner's organisation). */
  invitationId: string;
  invitationToken: string;
  /** Membership id per role held in this collaboration. */
  memberships: Partial<Record<Role, string>>;
}

export interface FixtureUser {
  id: string;
  email: string;
  name: string;
}

export interface RolesFixture {
  a: CollaborationFixture;
  b: CollaborationFixture;
  /** One member of A per role. */
  members: Record<Role, FixtureUser>;
  /** Backbone admin of B, member of nothing in A. */
  outsider: FixtureUser;
  /** The person behind both pending join requests (no membership). */
  requester: FixtureUser;
}

const PARTNER_OF_ROLE: Record<Role, keyof CollaborationFixture['partners']> = {
  backbone_admin: 'backbone',
  backbone_staff: 'backbone',
  partner_admin: 'partner',
  partner_contributor: 'partner',
  funder: 'funder',
};

async function insertUser(c: PoolClient, label: string): Promise<FixtureUser> {
  const id = randomUUID();
  const email = `${label.replace(/_/g, '-')}-${randomBytes(5).toString('hex')}@example.test`;
  const name = label.replace(/_/g, ' ');
  await c.query(`INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, '$argon2id$not-a-real-hash')`, [id, email, name]);
  return { id, email, name };
}

async function insertCollaboration(
  c: PoolClient,
  label: string,
  creator: FixtureUser,
  requester: FixtureUser,
  members: Array<[Role, FixtureUser]>,
): Promise<CollaborationFixture> {
  const suffix = randomBytes(4).toString('hex');
  const org = async (name: string, sector: string) => {
    const id = randomUUID();
    await c.query(`INSERT INTO organisations (id, name, sector) VALUES ($1, $2, $3)`, [id, `${name} ${suffix}`, sector]);
    return id;
  };
  const organisations = {
    backbone: await org(`${label} backbone`, 'community'),
    partner: await org(`${label} partner`, 'education'),
    funder: await org(`${label} funder`, 'funder'),
    pending: await org(`${label} applicant`, 'health'),
  };
  const id = randomUUID();
  const slug = `${label.toLowerCase()}-${suffix}`;
  const code = joinCode();
  await c.query(
    `INSERT INTO collaborations (id, name, slug, backbone_organisation_id, join_code, current_agenda_version, created_by)
     VALUES ($1, $2, $3, $4, $5, 1, $6)`,
    [id, `Collaboration ${label} ${suffix}`, slug, organisations.backbone, code, creator.id],
  );
  await c.query(
    `INSERT INTO agenda_versions (collaboration_id, version, problem_statement, vision, principles, geography, form,
                                  fiscal_year_start_month, time_zone, requires_approval, change_note, author_id)
     VALUES ($1, 1, 'Too few children read well by age 9', 'Every child reads by 9', '["Data first"]', 'Riverton',
             'collective_impact', 1, 'Europe/London', false, 'First version', $2)`,
    [id, creator.id],
  );
  const partner = async (organisationId: string, kind: string, status: string) => {
    const pid = randomUUID();
    const active = status === 'active';
    await c.query(
      `INSERT INTO partners (collaboration_id, id, organisation_id, kind, status, sector, endorsed_agenda_version, endorsed_at,
                             joined_at, requested_by, request_message)
       VALUES ($1, $2, $3, $4, $5, 'other', $6, $7, $7, $8, $9)`,
      [id, pid, organisationId, kind, status, active ? 1 : null, active ? new Date() : null, active ? null : requester.id, active ? null : 'Please let us in'],
    );
    return pid;
  };
  const partners = {
    backbone: await partner(organisations.backbone, 'backbone', 'active'),
    partner: await partner(organisations.partner, 'partner', 'active'),
    funder: await partner(organisations.funder, 'funder', 'active'),
    pending: await partner(organisations.pending, 'partner', 'pending'),
  };
  const memberships: CollaborationFixture['memberships'] = {};
  for (const [role, user] of members) {
    const mid = randomUUID();
    await c.query(`INSERT INTO memberships (collaboration_id, id, user_id, partner_id, role) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      mid,
      user.id,
      partners[PARTNER_OF_ROLE[role]],
      role,
    ]);
    memberships[role] = mid;
  }
  const goalId = randomUUID();
  await c.query(`INSERT INTO goals (collaboration_id, id, title, description, target_date) VALUES ($1, $2, 'Reading by 9', '', '2030-12-31')`, [
    id,
    goalId,
  ]);
  const strategyId = randomUUID();
  await c.query(`INSERT INTO strategies (collaboration_id, id, goal_id, name) VALUES ($1, $2, $3, 'Summer reading')`, [id, strategyId, goalId]);
  const invitationId = randomUUID();
  const invitationToken = token();
  await c.query(
    `INSERT INTO invitations (collaboration_id, id, email, partner_id, role, token_hash, invited_by, expires_at)
     VALUES ($1, $2, $3, $4, 'partner_contributor', $5, $6, now() + interval '14 days')`,
    [id, invitationId, `invitee-${suffix}@example.test`, partners.partner, sha256(invitationToken), creator.id],
  );
  return { id, slug, joinCode: code, organisations, partners, goalId, strategyId, invitationId, invitationToken, memberships };
}

/** Two fresh collaborations and their people, in one transaction. */
export async function buildRolesFixture(pool: Pool): Promise<RolesFixture> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const members = {} as Record<Role, FixtureUser>;
    for (const role of ROLES) members[role] = await insertUser(c, role);
    const outsider = await insertUser(c, 'outsider');
    const requester = await insertUser(c, 'requester');
    const a = await insertCollaboration(
      c,
      'A',
      members.backbone_admin,
      requester,
      ROLES.map((r) => [r, members[r]]),
    );
    const b = await insertCollaboration(c, 'B', outsider, requester, [['backbone_admin', outsider]]);
    await c.query('COMMIT');
    return { a, b, members, outsider, requester };
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  } finally {
    c.release();
  }
}

export interface SessionCredentials {
  /** Value for the `Cookie` header. */
  cookie: string;
  csrf: string;
}

/** A new session row for the user (as sign-in would create), returning what a browser would send. */
export async function openSession(pool: Pool, userId: string): Promise<SessionCredentials> {
  const t = token();
  const csrf = token();
  await pool.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, now() + interval '1 day', '127.0.0.1', 'roles-fixture')`,
    [sha256(t), userId, csrf],
  );
  return { cookie: `constellation_session=${t}; constellation_csrf=${csrf}`, csrf };
}
