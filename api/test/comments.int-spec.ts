import { unsubscribeToken } from '@constellation/shared/node';
import { APP_CONFIG, type AppConfig } from '../src/config/config';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import { commit, createActivity, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';

let t: TestApp;
let fx: MeasurementFixture;
let funder: UserAgent;
let indicatorId: string;
let activityId: string;
let valueId: string;

const mention = (a: UserAgent) => `[@${a.user.name}](mention:${a.user.id})`;
const unread = async (a: UserAgent) => {
  const res = await a.get('/api/me/notifications');
  expect(res.status).toBe(200);
  return res.body as { unread: number; items: Array<{ id: string; kind: string; title: string; body: string; link: string; readAt: string | null }> };
};
const commentCount = async () => Number((await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM comments`))[0].n);

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  funder = await createUser(t, { name: 'Fiona Funder' });
  await addMember(t, fx.collaborationId, funder.user.id, 'funder');
  indicatorId = await createIndicator(t, fx, { periodicity: 'quarter' });
  await commit(t, fx, fx.partnerId, indicatorId);
  activityId = await createActivity(t, fx, fx.partnerId, [indicatorId]);
  const res = await fx.partner.post(`${fx.base}/values/batch`, {
    values: [{ indicatorId, partnerId: fx.partnerId, period: '2025-Q1', value: 12 }],
    submit: true,
  });
  expect(res.status).toBe(200);
  valueId = res.body.values[0].id;
});
afterAll(async () => {
  await t?.close();
});

describe('threads', () => {
  it('any member (a funder too) comments on an indicator and an activity; replies nest one level; audited', async () => {
    const first = await funder.post(`${fx.base}/comments`, { on: 'indicator', id: indicatorId, body: 'How is **this** counted?' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'comment', body: 'How is **this** counted?', author: { id: funder.user.id, name: 'Fiona Funder' }, parentId: null });
    const reply = await fx.staff.post(`${fx.base}/comments`, { on: 'indicator', id: indicatorId, parentId: first.body.id, body: 'Unique people.' });
    expect(reply.status).toBe(201);
    // answering an answer answers its top-level comment
    const deeper = await fx.partner.post(`${fx.base}/comments`, { on: 'indicator', id: indicatorId, parentId: reply.body.id, body: 'Thanks' });
    expect(deeper.body.parentId).toBe(first.body.id);

    const thread = await fx.other.get(`${fx.base}/comments?on=indicator&id=${indicatorId}`);
    expect(thread.status).toBe(200);
    expect(thread.body.subject).toMatchObject({ on: 'indicator', id: indicatorId, link: `/collaborations/${fx.collaborationId}/indicators/${indicatorId}#comments` });
    expect(thread.body.comments).toHaveLength(1);
    expect(thread.body.comments[0].replies.map((r: { body: string }) => r.body)).toEqual(['Unique people.', 'Thanks']);

    const onActivity = await fx.other.post(`${fx.base}/comments`, { on: 'activity', id: activityId, body: 'We run one too' });
    expect(onActivity.status).toBe(201);
    expect((await funder.get(`${fx.base}/comments?on=activity&id=${activityId}`)).body.comments).toHaveLength(1);

    const [audit] = await dataSourceOf(t).query(`SELECT action, after FROM audit_events WHERE entity = 'comment' AND entity_id = $1`, [first.body.id]);
    expect(audit).toMatchObject({ action: 'comment.create', after: expect.objectContaining({ on: 'indicator', subjectId: indicatorId }) });
  });

  it("a value's thread: its organisation and the backbone only; another partner and a funder get 404 and nothing is written", async () => {
    expect((await fx.partner.post(`${fx.base}/comments`, { on: 'value', id: valueId, body: 'Counted twice?' })).status).toBe(201);
    expect((await fx.partnerAdmin.get(`${fx.base}/comments?on=value&id=${valueId}`)).status).toBe(200);
    expect((await fx.staff.get(`${fx.base}/comments?on=value&id=${valueId}`)).status).toBe(200);
    const before = await commentCount();
    for (const outsider of [fx.other, funder]) {
      const read = await outsider.get(`${fx.base}/comments?on=value&id=${valueId}`);
      expect(read.status).toBe(404);
      expect(read.body.message).toBe('Value not found');
      expect((await outsider.post(`${fx.base}/comments`, { on: 'value', id: valueId, body: 'peek' })).status).toBe(404);
    }
    expect(await commentCount()).toBe(before);
  });

  it("another collaboration's subjects are 404 (as if they did not exist), and a parent from another thread is 400", async () => {
    const admin2 = await createUser(t);
    const c2 = await createCollaboration(admin2);
    const res = await admin2.get(`/api/collaborations/${c2.id}/comments?on=indicator&id=${indicatorId}`);
    expect(res.status).toBe(404);
    expect((await admin2.post(`/api/collaborations/${c2.id}/comments`, { on: 'activity', id: activityId, body: 'x' })).status).toBe(404);
    const onActivity = await fx.staff.post(`${fx.base}/comments`, { on: 'activity', id: activityId, body: 'Activity note' });
    const wrongParent = await fx.staff.post(`${fx.base}/comments`, { on: 'indicator', id: indicatorId, parentId: onActivity.body.id, body: 'x' });
    expect(wrongParent.status).toBe(400);
    expect(wrongParent.body.details).toEqual([{ path: 'parentId', message: 'is not a comment on this thread' }]);
  });

  it('rejects empty, too long and unknown fields, naming the field', async () => {
    const empty = await fx.staff.post(`${fx.base}/comments`, { on: 'indicator', id: indicatorId, body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.details).toEqual([expect.objectContaining({ path: 'body' })]);
    const long = await fx.staff.post(`${fx.base}/comments`, { on: 'indicator', id: indicatorId, body: 'x'.repeat(5001) });
    expect(long.body.details).toEqual([{ path: 'body', message: 'must be at most 5000 characters' }]);
    const bad = await fx.staff.post(`${fx.base}/comments`, { on: 'goal', id: indicatorId, body: 'x', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['', 'on'].sort());
  });

  it('stores markup as text: a script payload comes back verbatim, never as markup the api made', async () => {
    const payload = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>alert(2)</script>';
    const res = await fx.staff.post(`${fx.base}/comments`, { on: 'indicator', id: indicatorId, body: payload });
    expect(res.status).toBe(201);
    expect(res.body.body).toBe(payload);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});

describe('mentions and notifications', () => {
  it('mentioning a member who may see the subject notifies them, once, with a link; the author is not notified', async () => {
    const res = await fx.partner.post(`${fx.base}/comments`, { on: 'value', id: valueId, body: `${mention(fx.staff)} ${mention(fx.staff)} ${mention(fx.partner)} can you check?` });
    expect(res.status).toBe(201);
    expect(res.body.mentions.map((m: { userId: string }) => m.userId).sort()).toEqual([fx.staff.user.id, fx.partner.user.id].sort());
    const mine = await unread(fx.staff);
    const n = mine.items.filter((i) => i.kind === 'mention' && i.link === `/collaborations/${fx.collaborationId}/values/${valueId}`);
    expect(n).toHaveLength(1);
    expect(n[0]!.title).toContain('Pat Partner mentioned you on');
    expect((await unread(fx.partner)).items.filter((i) => i.kind === 'mention')).toHaveLength(0);
  });

  it('mentions of people outside the collaboration, or who may not see the value, are dropped: same answer as an unknown id, no notification', async () => {
    const stranger = await createUser(t, { name: 'Stan Stranger' });
    const unknown = '0b7f8a2e-2c43-4a8e-9d43-1c1c3c1c3c1c';
    const body = `${mention(stranger)} ${mention(fx.other)} ${mention(funder)} [@Ghost](mention:${unknown}) hello`;
    const res = await fx.staff.post(`${fx.base}/comments`, { on: 'value', id: valueId, body });
    expect(res.status).toBe(201);
    expect(res.body.mentions).toEqual([]);
    for (const a of [stranger, fx.other, funder]) expect((await unread(a)).items.filter((i) => i.kind === 'mention')).toHaveLength(0);
    const rows = await dataSourceOf(t).query(`SELECT user_id FROM comment_mentions WHERE comment_id = $1`, [res.body.id]);
    expect(rows).toEqual([]);
  });

  it('mentionable: members who may see the subject, filtered by name; strangers never listed; funders may not list people (403)', async () => {
    await createUser(t, { name: 'Pat Stranger' });
    const res = await fx.staff.get(`${fx.base}/comments/mentionable?on=value&id=${valueId}&q=pat`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { name: string }) => p.name)).toEqual(['Pat Partner']);
    const onIndicator = await fx.partner.get(`${fx.base}/comments/mentionable?on=indicator&id=${indicatorId}&q=o`);
    expect(onIndicator.body.items.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Olga Other', 'Fiona Funder']));
    expect((await fx.other.get(`${fx.base}/comments/mentionable?on=value&id=${valueId}`)).status).toBe(404);
    expect((await funder.get(`${fx.base}/comments/mentionable?on=indicator&id=${indicatorId}`)).status).toBe(403);
    const wild = await fx.staff.get(`${fx.base}/comments/mentionable?on=indicator&id=${indicatorId}&q=%25`);
    expect(wild.body.items).toEqual([]);
  });

  it('marking read: own notifications only, or all; the unread count follows', async () => {
    const before = await unread(fx.staff);
    expect(before.unread).toBeGreaterThan(0);
    const id = before.items.find((i) => !i.readAt)!.id;
    expect((await fx.other.post('/api/me/notifications/read', { ids: [id] })).body.changed).toBe(0);
    const one = await fx.staff.post('/api/me/notifications/read', { ids: [id] });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ changed: 1, unread: before.unread - 1 });
    const all = await fx.staff.post('/api/me/notifications/read', { all: true });
    expect(all.body.unread).toBe(0);
    expect((await fx.staff.post('/api/me/notifications/read', {})).status).toBe(400);
    expect((await unread(fx.staff)).unread).toBe(0);
  });
});

describe('review posts to the value thread', () => {
  it("returning a value posts the reason as the first comment of its thread and notifies the value's organisation (not others)", async () => {
    const ind = await createIndicator(t, fx, { periodicity: 'quarter' });
    await commit(t, fx, fx.partnerId, ind);
    const v = await fx.partner.post(`${fx.base}/values/batch`, { values: [{ indicatorId: ind, partnerId: fx.partnerId, period: '2025-Q2', value: 7 }], submit: true });
    const id = v.body.values[0].id as string;
    const ret = await fx.staff.post(`${fx.base}/values/review`, { ids: [id], decision: 'return', reason: 'Looks like a **year** total' });
    expect(ret.status).toBe(200);
    const thread = await fx.partner.get(`${fx.base}/comments?on=value&id=${id}`);
    expect(thread.body.comments[0]).toMatchObject({ kind: 'return_reason', body: 'Looks like a **year** total', author: { name: 'Backbone Staff' } });
    for (const a of [fx.partner, fx.partnerAdmin]) {
      const n = (await unread(a)).items.find((i) => i.kind === 'value_returned' && i.link.endsWith(id));
      expect(n).toMatchObject({ title: expect.stringContaining('Backbone Staff returned'), body: 'Looks like a **year** total' });
    }
    expect((await unread(fx.other)).items.filter((i) => i.kind === 'value_returned')).toHaveLength(0);
    expect((await unread(fx.staff)).items.filter((i) => i.kind === 'value_returned')).toHaveLength(0);

    // the partner answers, corrects and resubmits; approval notifies too
    expect((await fx.partner.post(`${fx.base}/comments`, { on: 'value', id, parentId: thread.body.comments[0].id, body: 'Fixed: Q2 only' })).status).toBe(201);
    await fx.partner.post(`${fx.base}/values/batch`, { values: [{ indicatorId: ind, partnerId: fx.partnerId, period: '2025-Q2', value: 3 }], submit: true });
    expect((await fx.staff.post(`${fx.base}/values/review`, { ids: [id], decision: 'approve' })).status).toBe(200);
    expect((await unread(fx.partner)).items.find((i) => i.kind === 'value_approved' && i.link.endsWith(id))).toBeDefined();
  });

  it('a bulk review notifies each person once, linking to the report page', async () => {
    const ind = await createIndicator(t, fx, { periodicity: 'quarter' });
    await commit(t, fx, fx.partnerId, ind);
    const v = await fx.partner.post(`${fx.base}/values/batch`, {
      values: ['2024-Q1', '2024-Q2', '2024-Q3'].map((period) => ({ indicatorId: ind, partnerId: fx.partnerId, period, value: 1 })),
      submit: true,
    });
    await fx.partnerAdmin.post('/api/me/notifications/read', { all: true });
    const ids = v.body.values.map((x: { id: string }) => x.id);
    expect((await fx.staff.post(`${fx.base}/values/review`, { ids, decision: 'approve' })).status).toBe(200);
    const n = await unread(fx.partnerAdmin);
    expect(n.unread).toBe(1);
    expect(n.items[0]).toMatchObject({ kind: 'value_approved', title: 'Backbone Staff approved 3 values', link: `/collaborations/${fx.collaborationId}/report` });
  });

  it('notifications from a collaboration one has left are no longer shown', async () => {
    const gone = await createUser(t, { name: 'Gone Partner' });
    await addMember(t, fx.collaborationId, gone.user.id, 'partner_contributor', fx.partnerId);
    expect((await fx.staff.post(`${fx.base}/comments`, { on: 'indicator', id: indicatorId, body: `${mention(gone)} hi` })).status).toBe(201);
    expect((await unread(gone)).unread).toBe(1);
    await dataSourceOf(t).query(`DELETE FROM memberships WHERE user_id = $1`, [gone.user.id]);
    expect(await unread(gone)).toEqual({ unread: 0, items: [] });
  });
});

describe('notification emails (an outbox the worker relays) and preferences', () => {
  interface OutboxRow {
    id: string;
    kind: string;
    title: string;
    body: string;
    link: string;
    emailState: string;
  }
  /** The person's notification rows, oldest first: the worker emails the 'pending' ones. */
  const outbox = async (a: UserAgent, kind?: string): Promise<OutboxRow[]> =>
    dataSourceOf(t).query(
      `SELECT id, kind, title, body, link, email_state AS "emailState" FROM notifications
        WHERE user_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id`,
      [a.user.id, kind ?? null],
    );
  const secret = () => t.app.get<AppConfig>(APP_CONFIG).unsubscribeSecret;

  it('a mention is written as a pending email (the worker composes and sends it); the list shows the email state', async () => {
    const before = (await outbox(fx.partnerAdmin)).length;
    expect((await fx.staff.post(`${fx.base}/comments`, { on: 'activity', id: activityId, body: `${mention(fx.partnerAdmin)} see this` })).status).toBe(201);
    const mine = await outbox(fx.partnerAdmin);
    expect(mine).toHaveLength(before + 1);
    const n = mine.at(-1)!;
    expect(n).toMatchObject({ kind: 'mention', emailState: 'pending', title: expect.stringContaining('Backbone Staff mentioned you on Reading club') });
    expect(n.link).toBe(`/collaborations/${fx.collaborationId}/activities/${activityId}#comments`);
    const listed = (await fx.partnerAdmin.get('/api/me/notifications')).body.items.find((i: { id: string }) => i.id === n.id);
    expect(listed.email).toBe('pending');
  });

  it('one-click unsubscribe (no session) with a token signed by the shared key turns that kind off, audited', async () => {
    const token = unsubscribeToken(secret(), fx.partnerAdmin.user.id, 'mention');
    const anonymous = t.agent();
    const res = await anonymous.http.post(`/api/notifications/unsubscribe?token=${token}`).type('form').send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: 'mention', label: 'Mentions of you', email: 'off' });
    const [audit] = await dataSourceOf(t).query(`SELECT actor_id AS "actorId", after FROM audit_events WHERE action = 'notifications.unsubscribe' ORDER BY created_at DESC LIMIT 1`);
    expect(audit).toMatchObject({ actorId: fx.partnerAdmin.user.id, after: { mention: 'off' } });
    expect((await fx.partnerAdmin.get('/api/me/notification-preferences')).body.email).toEqual({ mention: 'off', value_returned: 'immediate', value_approved: 'immediate', milestone_met: 'immediate', reminder: 'immediate', decision: 'immediate' });
    // Later mentions are still in-app (the relay reads the preference and skips the email).
    const unreadBefore = (await unread(fx.partnerAdmin)).unread;
    await fx.staff.post(`${fx.base}/comments`, { on: 'activity', id: activityId, body: `${mention(fx.partnerAdmin)} again` });
    expect((await unread(fx.partnerAdmin)).unread).toBe(unreadBefore + 1);
  });

  it('a returned value notifies with the reason, as a pending email', async () => {
    const ind = await createIndicator(t, fx, { periodicity: 'quarter' });
    await commit(t, fx, fx.partnerId, ind);
    const v = await fx.partner.post(`${fx.base}/values/batch`, { values: [{ indicatorId: ind, partnerId: fx.partnerId, period: '2023-Q1', value: 2 }], submit: true });
    await fx.staff.post(`${fx.base}/values/review`, { ids: [v.body.values[0].id], decision: 'return', reason: 'Check the date' });
    const returned = await outbox(fx.partnerAdmin, 'value_returned');
    expect(returned.at(-1)).toMatchObject({ body: 'Check the date', emailState: 'pending' });
  });

  it('a tampered, foreign-key or malformed token is refused with 400 naming query.token; nothing changes', async () => {
    const token = unsubscribeToken(secret(), fx.staff.user.id, 'value_returned');
    const [payload, sig] = token.split('.');
    const forged = `${Buffer.from(`${fx.staff.user.id}:value_approved`).toString('base64url')}.${sig}`;
    const foreign = unsubscribeToken('another-key-that-is-32-characters-long', fx.staff.user.id, 'value_returned');
    for (const bad of [forged, foreign, `${payload}.${'A'.repeat(43)}`, 'nonsense']) {
      const res = await t.agent().http.post(`/api/notifications/unsubscribe?token=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ path: 'query.token', message: 'is not a valid unsubscribe link' }]);
    }
    expect((await fx.staff.get('/api/me/notification-preferences')).body.email.value_returned).toBe('immediate');
  });

  it('preferences: set per kind, others kept, audited; bad values name the field', async () => {
    const res = await fx.partner.put('/api/me/notification-preferences', { email: { value_approved: 'off' } });
    expect(res.status).toBe(200);
    expect(res.body.email).toEqual({ mention: 'immediate', value_returned: 'immediate', value_approved: 'off', milestone_met: 'immediate', reminder: 'immediate', decision: 'immediate' });
    const bad = await fx.partner.put('/api/me/notification-preferences', { email: { value_approved: 'weekly', reminders: 'off' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'email.value_approved']);
  });

  it('a review replayed with the same Idempotency-Key writes one notification (one email)', async () => {
    const ind = await createIndicator(t, fx, { periodicity: 'quarter' });
    await commit(t, fx, fx.partnerId, ind);
    const v = await fx.partner.post(`${fx.base}/values/batch`, { values: [{ indicatorId: ind, partnerId: fx.partnerId, period: '2023-Q3', value: 2 }], submit: true });
    const before = (await outbox(fx.partnerAdmin)).length;
    const body = { ids: [v.body.values[0].id], decision: 'return', reason: 'Once only' };
    for (let i = 0; i < 2; i++) {
      const res = await fx.staff.http.post(`${fx.base}/values/review`).set('X-CSRF-Token', fx.staff.csrf ?? '').set('Idempotency-Key', 'review-once-1').send(body);
      expect(res.status).toBe(200);
    }
    expect(await outbox(fx.partnerAdmin)).toHaveLength(before + 1);
  });
});
