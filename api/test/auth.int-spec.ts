import { type EmailJob, permissionsOf, QUEUES } from '@constellation/shared';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { type Agent, startTestApp, type TestApp } from './support/app';

const PASSWORD = 'correct horse battery staple';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
let seq = 0;
const uniqueEmail = (label: string) => `${label}.${Date.now()}.${++seq}@example.org`;

async function sql<T = Record<string, unknown>>(
  t: TestApp,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new Client({ connectionString: t.dbUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

function cookiesOf(res: { headers: Record<string, unknown> }): string[] {
  return (res.headers['set-cookie'] as string[] | undefined) ?? [];
}
function cookie(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  return cookiesOf(res).find((c) => c.startsWith(`${name}=`));
}
/** "name=value" of a Set-Cookie line, to replay it by hand. */
const pair = (setCookie: string) => setCookie.split(';')[0];

async function signUp(
  t: TestApp,
  label = 'person',
  password = PASSWORD,
): Promise<{ agent: Agent; email: string; id: string }> {
  const agent = t.agent();
  const email = uniqueEmail(label);
  const res = await agent.post('/api/auth/sign-up', { email, name: `Person ${label}`, password });
  expect(res.status).toBe(201);
  return { agent, email, id: res.body.user.id };
}

describe('identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('sign-up', () => {
    it('creates the account, signs it in with httpOnly SameSite cookies, and audits without the password', async () => {
      const agent = t.agent();
      const email = uniqueEmail('signup');
      const res = await agent.post('/api/auth/sign-up', {
        email: `  ${email.toUpperCase()} `,
        name: ' Ada Lovelace ',
        password: PASSWORD,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        user: { id: expect.any(String), email: email.toLowerCase(), name: 'Ada Lovelace' },
      });

      const session = cookie(res, 'constellation_session');
      const csrf = cookie(res, 'constellation_csrf');
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=Lax/i);
      expect(session).toMatch(/Path=\//);
      expect(csrf).toMatch(/SameSite=Lax/i);
      expect(csrf).not.toMatch(/HttpOnly/i);
      // 256-bit random token; only its hash is stored.
      const token = decodeURIComponent(pair(session!).split('=')[1]);
      expect(token.length).toBeGreaterThanOrEqual(43);
      const [row] = await sql<{ user_id: string }>(t, `SELECT user_id FROM sessions WHERE token_hash = $1`, [
        sha256(token),
      ]);
      expect(row.user_id).toBe(res.body.user.id);

      const [user] = await sql<{ password_hash: string }>(
        t,
        `SELECT password_hash FROM users WHERE id = $1`,
        [res.body.user.id],
      );
      expect(user.password_hash).toMatch(/^\$argon2id\$/);

      const audit = await sql<{ action: string; actor_id: string; after: unknown }>(
        t,
        `SELECT action, actor_id, after FROM audit_events WHERE entity = 'user' AND entity_id = $1`,
        [res.body.user.id],
      );
      expect(audit).toEqual([{ action: 'user.sign_up', actor_id: res.body.user.id, after: res.body.user }]);
      expect(JSON.stringify(audit)).not.toContain(PASSWORD);

      const me = await agent.get('/api/me');
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ user: res.body.user, csrfToken: agent.csrf, memberships: [] });
      expect(me.headers['cache-control']).toBe('no-store');
    });

    it('answers 409 naming email when the address is taken, in any letter case', async () => {
      const { email } = await signUp(t, 'dup');
      const res = await t
        .agent()
        .post('/api/auth/sign-up', { email: email.toUpperCase(), name: 'Someone else', password: PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body.details).toEqual([{ path: 'email', message: 'is already registered' }]);
      expect(res.body.message).toMatch(/already exists/);
      expect(cookiesOf(res)).toEqual([]);
      const [{ n }] = await sql<{ n: number }>(t, `SELECT count(*)::int AS n FROM users WHERE email = $1`, [
        email,
      ]);
      expect(n).toBe(1);
    });

    it('answers 409, not 500, when two sign-ups race for the same email', async () => {
      const email = uniqueEmail('race');
      const results = await Promise.all(
        [1, 2, 3].map((i) =>
          t.agent().post('/api/auth/sign-up', { email, name: `Racer ${i}`, password: PASSWORD }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      const [{ n }] = await sql<{ n: number }>(
        t,
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.sign_up' AND after->>'email' = $1`,
        [email],
      );
      expect(n).toBe(1);
    });

    it('rejects unknown fields, naming them', async () => {
      const res = await t
        .agent()
        .post('/api/auth/sign-up', { email: uniqueEmail('x'), name: 'X', password: PASSWORD, isAdmin: true });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ path: '', message: 'unknown field: isAdmin' }]);
      expect(res.body.message).toContain('isAdmin');
    });

    it('rejects short and easily guessed passwords and bad emails, naming the field, and writes nothing', async () => {
      const email = uniqueEmail('weak');
      for (const [password, message] of [
        ['short', 'must be at least 10 characters'],
        ['Password123', 'is too easy to guess; try a longer phrase of unrelated words'],
        ['aaaaaaaaaaaa', 'is too easy to guess; try a longer phrase of unrelated words'],
      ]) {
        const res = await t.agent().post('/api/auth/sign-up', { email, name: 'Weak', password });
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([{ path: 'password', message }]);
      }
      const bad = await t
        .agent()
        .post('/api/auth/sign-up', { email: 'not-an-email', name: 'Weak', password: PASSWORD });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ path: 'email', message: 'must be a valid email address' }]);
      const missing = await t.agent().post('/api/auth/sign-up', {});
      expect(missing.status).toBe(400);
      expect(missing.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
        'email',
        'name',
        'password',
      ]);
      const [{ n }] = await sql<{ n: number }>(t, `SELECT count(*)::int AS n FROM users WHERE email = $1`, [
        email,
      ]);
      expect(n).toBe(0);
    });
  });

  describe('sign-in and sign-out', () => {
    it('answers 401 with the same sentence for a wrong password and an unknown email, and audits both', async () => {
      const { email, id } = await signUp(t, 'wrong');
      const wrong = await t.agent().post('/api/auth/sign-in', { email, password: 'not the password at all' });
      const unknown = await t
        .agent()
        .post('/api/auth/sign-in', { email: uniqueEmail('nobody'), password: PASSWORD });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'Email or password is incorrect',
          details: [],
        });
        expect(cookiesOf(res)).toEqual([]);
      }
      const denied = await sql<{ entity_id: string | null; outcome: string; after: { reason: string } }>(
        t,
        `SELECT entity_id, outcome, after FROM audit_events WHERE action = 'user.sign_in' AND outcome = 'denied' AND after->>'email' = $1`,
        [email],
      );
      expect(denied).toEqual([
        { entity_id: id, outcome: 'denied', after: { email, reason: 'wrong_password' } },
      ]);
      expect(JSON.stringify(denied)).not.toContain('not the password');
    });

    it('signs in with a new session, and sign-out ends it and clears both cookies', async () => {
      const { email, id, agent: first } = await signUp(t, 'inout');
      const agent = t.agent();
      const res = await agent.post('/api/auth/sign-in', { email: email.toUpperCase(), password: PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ user: { id, email, name: 'Person inout' } });
      const sessionCookie = pair(cookie(res, 'constellation_session')!);
      expect(cookie(res, 'constellation_csrf')).toBeDefined();
      const [ok] = await sql(
        t,
        `SELECT outcome FROM audit_events WHERE action = 'user.sign_in' AND entity_id = $1`,
        [id],
      );
      expect(ok).toEqual({ outcome: 'success' });

      // Signing in again from the same browser replaces its session (no fixation, nothing lingering).
      const again = await agent.post('/api/auth/sign-in', { email, password: PASSWORD });
      expect(again.status).toBe(200);
      const currentCookie = pair(cookie(again, 'constellation_session')!);
      expect(currentCookie).not.toBe(sessionCookie);
      expect((await t.agent().http.get('/api/me').set('Cookie', sessionCookie)).status).toBe(401);
      const [{ n }] = await sql<{ n: number }>(
        t,
        `SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`,
        [id],
      );
      expect(n).toBe(2);

      const out = await agent.post('/api/auth/sign-out');
      expect(out.status).toBe(204);
      for (const name of ['constellation_session', 'constellation_csrf']) {
        expect(cookie(out, name)).toMatch(/Expires=Thu, 01 Jan 1970/);
      }
      expect((await agent.get('/api/me')).status).toBe(401);
      // The old cookie, replayed by hand, no longer works either.
      const replay = await t.agent().http.get('/api/me').set('Cookie', currentCookie);
      expect(replay.status).toBe(401);
      // Signing out one device leaves the others signed in.
      expect((await first.get('/api/me')).status).toBe(200);
      const [audited] = await sql(
        t,
        `SELECT actor_id FROM audit_events WHERE action = 'user.sign_out' AND entity_id = $1`,
        [id],
      );
      expect(audited).toEqual({ actor_id: id });
    });

    it('refuses authenticated writes without a valid X-CSRF-Token (403)', async () => {
      const { agent } = await signUp(t, 'csrf');
      const none = await agent.http.post('/api/auth/sign-out').send({});
      expect(none.status).toBe(403);
      expect(none.body.message).toMatch(/CSRF/);
      const wrong = await agent.http.post('/api/auth/sign-out').set('x-csrf-token', 'forged').send({});
      expect(wrong.status).toBe(403);
      expect((await agent.get('/api/me')).status).toBe(200);
    });

    it('answers 401 to /me and sign-out without a session', async () => {
      expect((await t.agent().get('/api/me')).status).toBe(401);
      const res = await t.agent().post('/api/auth/sign-out');
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('Please sign in to continue');
    });
  });

  describe('password reset', () => {
    let queue: Queue;
    let redis: IORedis;
    beforeAll(() => {
      redis = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
      queue = new Queue(QUEUES.email, { connection: redis, prefix: t.config.queuePrefix });
    });
    afterAll(async () => {
      await queue.close();
      redis.disconnect();
    });

    const emailsTo = async (to: string): Promise<EmailJob[]> =>
      (await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']))
        .map((j) => j.data as EmailJob)
        .filter((d) => d.to === to);

    async function requestLink(email: string): Promise<string> {
      const before = (await emailsTo(email)).length;
      const res = await t.agent().post('/api/auth/password-reset/request', { email });
      expect(res.status).toBe(202);
      const jobs = await emailsTo(email);
      expect(jobs).toHaveLength(before + 1);
      const m = /\/reset-password\?token=([\w-]+)/.exec(jobs[jobs.length - 1].text);
      expect(m).not.toBeNull();
      return m![1];
    }

    it('answers 202 either way, and queues an email with a single-use link only for a real account', async () => {
      const { email, id } = await signUp(t, 'reset');
      const res = await t.agent().post('/api/auth/password-reset/request', { email: email.toUpperCase() });
      expect(res.status).toBe(202);
      expect(res.body.message).toMatch(/If an account exists/);
      const jobs = await emailsTo(email);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({
        to: email,
        kind: 'password_reset',
        subject: 'Reset your Constellation password',
      });
      expect(jobs[0].text).toContain(`${t.config.publicUrl}/reset-password?token=`);
      expect(jobs[0].html).toContain(`${t.config.publicUrl}/reset-password?token=`);
      const token = /token=([\w-]+)/.exec(jobs[0].text)![1];
      const rows = await sql<{ token_hash: string; expires_at: Date }>(
        t,
        `SELECT token_hash, expires_at FROM password_reset_tokens WHERE user_id = $1`,
        [id],
      );
      expect(rows.map((r) => r.token_hash)).toEqual([sha256(token)]);
      const ttl = rows[0].expires_at.getTime() - Date.now();
      expect(ttl).toBeGreaterThan((t.config.passwordResetTtlMinutes - 1) * 60_000);
      expect(ttl).toBeLessThanOrEqual(t.config.passwordResetTtlMinutes * 60_000);

      const nobody = uniqueEmail('nobody');
      const none = await t.agent().post('/api/auth/password-reset/request', { email: nobody });
      expect(none.status).toBe(202);
      expect(none.body).toEqual(res.body);
      expect(await emailsTo(nobody)).toEqual([]);
    });

    it('sets the new password with the token, signs out every session, and refuses the token a second time', async () => {
      const { email, id, agent } = await signUp(t, 'confirm');
      const other = t.agent();
      expect((await other.post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200);
      const token = await requestLink(email);

      const newPassword = 'a brand new passphrase';
      const res = await t.agent().post('/api/auth/password-reset/confirm', { token, password: newPassword });
      expect(res.status).toBe(200);
      expect(res.body.message).toMatch(/password has been changed/);

      expect((await agent.get('/api/me')).status).toBe(401);
      expect((await other.get('/api/me')).status).toBe(401);
      const [{ n }] = await sql<{ n: number }>(
        t,
        `SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`,
        [id],
      );
      expect(n).toBe(0);
      expect((await t.agent().post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(401);
      expect((await t.agent().post('/api/auth/sign-in', { email, password: newPassword })).status).toBe(200);

      const again = await t
        .agent()
        .post('/api/auth/password-reset/confirm', { token, password: 'yet another passphrase' });
      expect(again.status).toBe(400);
      expect(again.body.details).toEqual([
        { path: 'token', message: expect.stringMatching(/already been used/) },
      ]);
      expect((await t.agent().post('/api/auth/sign-in', { email, password: newPassword })).status).toBe(200);

      const audit = await sql(
        t,
        `SELECT actor_id, after FROM audit_events WHERE action = 'user.password_reset' AND entity_id = $1`,
        [id],
      );
      expect(audit).toEqual([{ actor_id: id, after: { sessionsEnded: 2 } }]);
      expect(JSON.stringify(await sql(t, `SELECT before, after FROM audit_events`))).not.toContain(
        newPassword,
      );
    });

    it('refuses an expired token and an unknown one with 400 naming token, and changes nothing', async () => {
      const { email } = await signUp(t, 'expired');
      const token = await requestLink(email);
      await sql(
        t,
        `UPDATE password_reset_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`,
        [sha256(token)],
      );
      const expired = await t
        .agent()
        .post('/api/auth/password-reset/confirm', { token, password: 'a brand new passphrase' });
      expect(expired.status).toBe(400);
      expect(expired.body.details).toEqual([{ path: 'token', message: expect.stringMatching(/expired/) }]);
      expect(expired.body.message).toMatch(/expired/);

      const unknown = await t.agent().post('/api/auth/password-reset/confirm', {
        token: 'x'.repeat(43),
        password: 'a brand new passphrase',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details).toEqual([{ path: 'token', message: expect.stringMatching(/not valid/) }]);

      expect((await t.agent().post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200);
    });

    it('an older link stops working once a newer one has been used', async () => {
      const { email } = await signUp(t, 'twolinks');
      const older = await requestLink(email);
      const newer = await requestLink(email);
      expect(
        (
          await t
            .agent()
            .post('/api/auth/password-reset/confirm', { token: newer, password: 'a brand new passphrase' })
        ).status,
      ).toBe(200);
      const res = await t
        .agent()
        .post('/api/auth/password-reset/confirm', { token: older, password: 'another new passphrase' });
      expect(res.status).toBe(400);
      expect(res.body.details[0].path).toBe('token');
    });
  });

  describe('/me', () => {
    it('lists memberships through active partners only, with the role permissions', async () => {
      const { agent, id } = await signUp(t, 'member');
      const [org] = await sql<{ id: string }>(
        t,
        `INSERT INTO organisations (name) VALUES ('Northside Food Bank') RETURNING id`,
      );
      const [other] = await sql<{ id: string }>(
        t,
        `INSERT INTO organisations (name) VALUES ('Eastside Youth') RETURNING id`,
      );
      const collab = async (name: string, slug: string, code: string, status = 'active') =>
        (
          await sql<{ id: string }>(
            t,
            `INSERT INTO collaborations (name, slug, backbone_organisation_id, join_code, status, current_agenda_version, created_by)
             VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id`,
            [name, slug, org.id, code, status, id],
          )
        )[0].id;
      const partner = async (collaborationId: string, orgId: string, kind: string, status: string) =>
        (
          await sql<{ id: string }>(
            t,
            `INSERT INTO partners (collaboration_id, organisation_id, kind, status) VALUES ($1, $2, $3, $4) RETURNING id`,
            [collaborationId, orgId, kind, status],
          )
        )[0].id;
      const member = (collaborationId: string, partnerId: string, role: string) =>
        sql(
          t,
          `INSERT INTO memberships (collaboration_id, user_id, partner_id, role) VALUES ($1, $2, $3, $4)`,
          [collaborationId, id, partnerId, role],
        );

      const a = await collab('Ready by Five', `ready-${seq}`, `AAAA${String(seq).padStart(4, '0')}`);
      const pa = await partner(a, org.id, 'backbone', 'active');
      await member(a, pa, 'backbone_admin');
      const b = await collab(
        'Bridges Home',
        `bridges-${seq}`,
        `BBBB${String(seq).padStart(4, '0')}`,
        'archived',
      );
      const pb = await partner(b, other.id, 'partner', 'active');
      await member(b, pb, 'partner_contributor');
      const c = await collab('Clean Rivers', `rivers-${seq}`, `CCCC${String(seq).padStart(4, '0')}`);
      const pc = await partner(c, other.id, 'partner', 'pending');
      await member(c, pc, 'partner_admin');
      const d = await collab('Digital Inclusion', `digital-${seq}`, `DDDD${String(seq).padStart(4, '0')}`);
      const pd = await partner(d, other.id, 'funder', 'left');
      await member(d, pd, 'funder');

      const res = await agent.get('/api/me');
      expect(res.status).toBe(200);
      expect(res.body.csrfToken).toBe(agent.csrf);
      expect(res.body.memberships).toEqual([
        {
          collaborationId: a,
          name: 'Ready by Five',
          slug: `ready-${seq}`,
          status: 'active',
          role: 'backbone_admin',
          permissions: permissionsOf('backbone_admin'),
          partnerId: pa,
          partnerKind: 'backbone',
          organisationId: org.id,
          organisationName: 'Northside Food Bank',
        },
        {
          collaborationId: b,
          name: 'Bridges Home',
          slug: `bridges-${seq}`,
          status: 'archived',
          role: 'partner_contributor',
          permissions: permissionsOf('partner_contributor'),
          partnerId: pb,
          partnerKind: 'partner',
          organisationId: other.id,
          organisationName: 'Eastside Youth',
        },
      ]);
    });
  });
});

describe('identity limits and expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      SIGNIN_MAX_PER_ACCOUNT: '3',
      SIGNIN_MAX_PER_IP: '6',
      SIGNIN_WINDOW_SECONDS: '600',
      SESSION_IDLE_MINUTES: '1',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Each test speaks from its own address (the app trusts X-Forwarded-For from loopback, as behind a proxy). */
  let ipSeq = 0;
  const newIp = () => `198.51.100.${++ipSeq}`;
  const signInFrom = (ip: string, email: string, password: string) =>
    t.agent().http.post('/api/auth/sign-in').set('x-forwarded-for', ip).send({ email, password });

  async function register(label: string): Promise<string> {
    const email = uniqueEmail(label);
    const res = await t
      .agent()
      .http.post('/api/auth/sign-up')
      .set('x-forwarded-for', newIp())
      .send({ email, name: label, password: PASSWORD });
    expect(res.status).toBe(201);
    return email;
  }

  it('locks an account after N failed sign-ins with 429 and Retry-After, even for the right password', async () => {
    const email = await register('locked');
    const ip = newIp();
    for (let i = 0; i < 3; i++) expect((await signInFrom(ip, email, 'wrong password here')).status).toBe(401);
    // From another address too: the limit is per account.
    const res = await signInFrom(newIp(), email, PASSWORD);
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(res.body.message).toMatch(
      /Too many failed sign-in attempts for this account\. Please try again in 10 minutes\./,
    );
    expect(cookiesOf(res)).toEqual([]);
    const [limited] = await sql(
      t,
      `SELECT outcome, after FROM audit_events WHERE action = 'user.sign_in' AND after->>'reason' = 'rate_limited'`,
    );
    expect(limited).toEqual({ outcome: 'denied', after: { email, reason: 'rate_limited' } });
    // Other accounts are not affected.
    const other = await register('unaffected');
    expect((await signInFrom(newIp(), other, PASSWORD)).status).toBe(200);
  });

  it('a successful sign-in clears the account counter', async () => {
    const email = await register('clears');
    const ip = newIp();
    for (let i = 0; i < 2; i++) expect((await signInFrom(ip, email, 'wrong password here')).status).toBe(401);
    expect((await signInFrom(ip, email, PASSWORD)).status).toBe(200);
    const ip2 = newIp();
    for (let i = 0; i < 3; i++)
      expect((await signInFrom(ip2, email, 'wrong password here')).status).toBe(401);
    expect((await signInFrom(ip2, email, PASSWORD)).status).toBe(429);
  });

  it('limits sign-ups from one address (429, Retry-After, audited); other addresses are not affected', async () => {
    const limited = await startTestApp({ SIGNUP_MAX_PER_IP: '3', SIGNUP_WINDOW_SECONDS: '3600' });
    try {
      const signUp = (ip: string, label: string) =>
        limited
          .agent()
          .http.post('/api/auth/sign-up')
          .set('x-forwarded-for', ip)
          .send({ email: uniqueEmail(label), name: label, password: PASSWORD });
      for (let i = 0; i < 3; i++) expect((await signUp('203.0.113.7', `su${i}`)).status).toBe(201);
      const refused = await signUp('203.0.113.7', 'su-over');
      expect(refused.status).toBe(429);
      expect(refused.body.message).toMatch(
        /Too many accounts created from your network\. Please try again in (60 minutes|1 hour)\./,
      );
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(cookiesOf(refused)).toEqual([]);
      const [{ n }] = await sql(limited, `SELECT count(*)::int AS n FROM users WHERE name = 'su-over'`);
      expect(n).toBe(0);
      const [denied] = await sql(
        limited,
        `SELECT outcome, after->>'reason' AS reason FROM audit_events WHERE action = 'user.sign_up' AND outcome = 'denied'`,
      );
      expect(denied).toEqual({ outcome: 'denied', reason: 'rate_limited' });
      expect((await signUp('203.0.113.8', 'su-elsewhere')).status).toBe(201);
    } finally {
      await limited.close();
    }
  });

  it('limits all sign-in attempts from one address', async () => {
    const ip = newIp();
    const emails = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => register(`ip${i}`)));
    // Six attempts over six accounts, successful ones included; the seventh is refused.
    for (const email of emails.slice(0, 6)) expect((await signInFrom(ip, email, PASSWORD)).status).toBe(200);
    const res = await signInFrom(ip, emails[6], PASSWORD);
    expect(res.status).toBe(429);
    expect(res.body.message).toMatch(/from your network/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signInFrom(newIp(), emails[6], PASSWORD)).status).toBe(200);
  });

  it('limits password reset requests per email address, existing or not', async () => {
    const email = uniqueEmail('reset-limit');
    const request = () =>
      t.agent().http.post('/api/auth/password-reset/request').set('x-forwarded-for', newIp()).send({ email });
    for (let i = 0; i < 3; i++) expect((await request()).status).toBe(202);
    const res = await request();
    expect(res.status).toBe(429);
    expect(res.body.message).toMatch(/password reset requests/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ends a session idle for longer than the limit (401), and deletes it', async () => {
    const agent = t.agent();
    const email = uniqueEmail('idle');
    const res = await agent.http
      .post('/api/auth/sign-up')
      .set('x-forwarded-for', newIp())
      .send({ email, name: 'Idle', password: PASSWORD });
    expect(res.status).toBe(201);
    expect((await agent.get('/api/me')).status).toBe(200);
    await sql(t, `UPDATE sessions SET last_seen_at = now() - interval '61 seconds' WHERE user_id = $1`, [
      res.body.user.id,
    ]);
    const me = await agent.get('/api/me');
    expect(me.status).toBe(401);
    const [{ n }] = await sql<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`,
      [res.body.user.id],
    );
    expect(n).toBe(0);
  });

  it('keeps counters under the run’s queue prefix', async () => {
    const redis = new IORedis(t.config.redisUrl);
    try {
      const keys = await redis.keys(`${t.config.queuePrefix}:ratelimit:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => !k.includes('@'))).toBe(true);
      for (const k of keys) expect(await redis.ttl(k)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});
