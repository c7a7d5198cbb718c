import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import { createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';

let t: TestApp;
let fx: MeasurementFixture;
let funder: UserAgent;
let outsider: UserAgent;
let indicatorId: string;

const TARGETS = [
  { period: '2025', value: '100', kind: 'milestone' as const },
  { period: '2030', value: '500', kind: 'long_term' as const },
];
const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => dataSourceOf(t).query(sql, params) as Promise<T[]>;
const indicator = async (id = indicatorId) => (await fx.admin.get(`${fx.base}/indicators/${id}`)).body as { version: number; code: string; name: string; targets: typeof TARGETS };
const decisionNotes = (decisionId: string) =>
  q<{ user_id: string; title: string; email_state: string }>(`SELECT user_id, title, email_state FROM notifications WHERE kind = 'decision' AND link LIKE '%' || $1 ORDER BY title, user_id`, [decisionId]);
const members = async () => (await q<{ user_id: string }>(`SELECT user_id FROM memberships WHERE collaboration_id = $1`, [fx.collaborationId])).map((r) => r.user_id);
const audits = (action: string, entityId?: string) =>
  q<{ actor_id: string; entity_id: string; before: unknown; after: Record<string, unknown> }>(
    `SELECT actor_id, entity_id, before, after FROM audit_events WHERE action = $1 AND ($2::text IS NULL OR entity_id = $2) ORDER BY id`,
    [action, entityId ?? null],
  );
const propose = (agent: UserAgent, change: object, title = 'Raise the 2025 milestone') =>
  agent.post(`${fx.base}/decisions`, { title, rationale: 'Enrolment grew faster than planned.', change });

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  funder = await createUser(t, { name: 'Fiona Funder' });
  await addMember(t, fx.collaborationId, funder.user.id, 'funder');
  indicatorId = await createIndicator(t, fx, { periodicity: 'quarter', code: 'READ-1' });
  // Give the indicator its targets through the ordinary edit (version 1 → 2).
  const res = await fx.admin.patch(`${fx.base}/indicators/${indicatorId}`, { version: 1, targets: TARGETS });
  expect(res.status).toBe(200);
  outsider = await createUser(t, { name: 'Otto Outsider' });
  await createCollaboration(outsider);
});
afterAll(async () => {
  await t?.close();
});

describe('proposals', () => {
  it('who may open one: backbone and partner admins; contributors and funders get 403; nothing written', async () => {
    const change = { kind: 'targets', indicatorId, targets: [{ ...TARGETS[0]!, value: '120' }, TARGETS[1]] };
    expect((await propose(fx.partner, change)).status).toBe(403);
    expect((await propose(funder, change)).status).toBe(403);
    expect((await propose(outsider, change)).status).toBe(404);
    expect(await q(`SELECT 1 FROM decisions`)).toHaveLength(0);
    const byPartnerAdmin = await propose(fx.partnerAdmin, change, 'Partner idea');
    expect(byPartnerAdmin.status).toBe(201);
    expect(byPartnerAdmin.body).toMatchObject({ number: 1, status: 'open', proposedBy: { userId: fx.partnerAdmin.user.id } });
  });

  it('a change that does not fit the indicator answers 400 naming the field inside the change; nothing written', async () => {
    const before = await q(`SELECT id FROM decisions`);
    const noLongTerm = await propose(fx.staff, { kind: 'targets', indicatorId, targets: [{ period: '2025', value: '120', kind: 'milestone' }] });
    expect(noLongTerm.status).toBe(400);
    expect(noLongTerm.body.details[0].path).toMatch(/^change\.targets/);
    const badPeriod = await propose(fx.staff, { kind: 'targets', indicatorId, targets: [{ period: '2025-Q9', value: '1', kind: 'milestone' }, TARGETS[1]] });
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.details[0].path).toMatch(/^change\.targets\.0\.period/);
    const same = await propose(fx.staff, { kind: 'targets', indicatorId, targets: TARGETS });
    expect(same.status).toBe(400);
    const meaning = await propose(fx.staff, { kind: 'definition', indicatorId, fields: { periodicity: 'month' } });
    expect(meaning.status).toBe(400);
    expect(meaning.body.details[0].path).toMatch(/^change\.fields/);
    const elsewhere = await propose(fx.staff, { kind: 'targets', indicatorId: '00000000-0000-4000-8000-000000000000', targets: TARGETS });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.details).toEqual([{ path: 'change.indicatorId', message: 'is not an indicator of this collaboration' }]);
    expect(await q(`SELECT id FROM decisions`)).toEqual(before);
  });
});

describe('a targets proposal discussed and accepted', () => {
  let id: string;

  it('opening it tells every other member (kind decision), audited', async () => {
    const res = await propose(fx.staff, { kind: 'targets', indicatorId, targets: [{ period: '2025', value: '150', kind: 'milestone' }, { period: '2027', value: '300', kind: 'milestone' }, TARGETS[1]] });
    expect(res.status).toBe(201);
    id = res.body.id;
    expect(res.body).toMatchObject({ number: 2, kind: 'targets', status: 'open', stale: false, baseVersion: 2, indicator: { id: indicatorId, code: 'READ-1' } });
    expect(res.body.targetDiff).toEqual([
      { period: '2025', kind: 'milestone', before: '100', after: '150', change: 'changed' },
      { period: '2027', kind: 'milestone', before: null, after: '300', change: 'added' },
      { period: '2030', kind: 'long_term', before: '500', after: '500', change: 'same' },
    ]);
    const notes = await decisionNotes(id);
    expect(notes.map((n) => n.user_id).sort()).toEqual((await members()).filter((u) => u !== fx.staff.user.id).sort());
    expect(notes.every((n) => n.title === `Backbone Staff proposed decision #2: Raise the 2025 milestone` && n.email_state === 'pending')).toBe(true);
    expect(await audits('decision.propose', id)).toEqual([expect.objectContaining({ actor_id: fx.staff.user.id })]);
  });

  it('members support or object (with a reason) and comment; counts and who are visible to everyone, funders only read', async () => {
    expect((await fx.partner.put(`${fx.base}/decisions/${id}/stance`, { stance: 'support' })).status).toBe(200);
    const noReason = await fx.other.put(`${fx.base}/decisions/${id}/stance`, { stance: 'object' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details).toEqual([{ path: 'reason', message: 'is required when you object' }]);
    const objection = await fx.other.put(`${fx.base}/decisions/${id}/stance`, { stance: 'object', reason: 'Our site closes in 2026.' });
    expect(objection.status).toBe(200);
    expect(objection.body).toMatchObject({ support: 1, object: 1 });
    // changing one's mind replaces the stance
    const changed = await fx.other.put(`${fx.base}/decisions/${id}/stance`, { stance: 'support', reason: '' });
    expect(changed.body).toMatchObject({ support: 2, object: 0 });
    expect((await funder.put(`${fx.base}/decisions/${id}/stance`, { stance: 'support' })).status).toBe(403);

    const seen = await funder.get(`${fx.base}/decisions/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.stances.map((s: { userId: string; stance: string }) => [s.userId, s.stance]).sort()).toEqual(
      [
        [fx.partner.user.id, 'support'],
        [fx.other.user.id, 'support'],
      ].sort(),
    );
    expect(await audits('decision.stance', id)).toHaveLength(3);

    const comment = await fx.partner.post(`${fx.base}/comments`, { on: 'decision', id, body: 'We can reach **150**.' });
    expect(comment.status).toBe(201);
    expect((await funder.post(`${fx.base}/comments`, { on: 'decision', id, body: 'Me too' })).status).toBe(403);
    const thread = await funder.get(`${fx.base}/comments?on=decision&id=${id}`);
    expect(thread.status).toBe(200);
    expect(thread.body.subject).toMatchObject({ on: 'decision', label: 'Decision #2 · Raise the 2025 milestone', link: `/collaborations/${fx.collaborationId}/decisions/${id}#comments` });
    expect(thread.body.comments.map((c: { body: string }) => c.body)).toEqual(['We can reach **150**.']);
  });

  it('partners cannot decide (403, nothing changes)', async () => {
    const res = await fx.partnerAdmin.post(`${fx.base}/decisions/${id}/decide`, { outcome: 'accepted', rationale: 'Yes' });
    expect(res.status).toBe(403);
    expect((await fx.admin.get(`${fx.base}/decisions/${id}`)).body.status).toBe('open');
  });

  it('accepting applies the targets in the same transaction: revision and outbox linked to the decision, audited, everyone else told', async () => {
    const outboxBefore = await q(`SELECT id FROM outbox WHERE indicator_id = $1 AND kind = 'indicator_targets_changed'`, [indicatorId]);
    const res = await fx.admin.post(`${fx.base}/decisions/${id}/decide`, { outcome: 'accepted', rationale: 'Partners agree; the data supports it.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', appliedVersion: 3, decidedBy: { userId: fx.admin.user.id }, decisionRationale: 'Partners agree; the data supports it.' });
    const after = await indicator();
    expect(after.version).toBe(3);
    expect(after.targets).toEqual([
      { period: '2025', value: '150', kind: 'milestone' },
      { period: '2027', value: '300', kind: 'milestone' },
      { period: '2030', value: '500', kind: 'long_term' },
    ]);
    const revisions = (await fx.partner.get(`${fx.base}/indicators/${indicatorId}/revisions`)).body.items;
    expect(revisions[0]).toMatchObject({ version: 3, changeNote: 'Decision #2: Raise the 2025 milestone', decision: { id, number: 2 } });
    expect(revisions[1].decision).toBeNull();
    const outbox = await q(`SELECT id FROM outbox WHERE indicator_id = $1 AND kind = 'indicator_targets_changed'`, [indicatorId]);
    expect(outbox.length).toBe(outboxBefore.length + 1);
    const [update] = await audits('indicator.update', indicatorId).then((a) => a.slice(-1));
    expect(update!.after).toMatchObject({ decisionId: id, version: 3 });
    expect(await audits('decision.accept', id)).toEqual([expect.objectContaining({ actor_id: fx.admin.user.id })]);
    const decided = (await decisionNotes(id)).filter((n) => n.title.startsWith('Decision #2 accepted'));
    expect(decided.map((n) => n.user_id).sort()).toEqual((await members()).filter((u) => u !== fx.admin.user.id).sort());
  });

  it('a decided proposal cannot be decided again or discussed (409)', async () => {
    expect((await fx.admin.post(`${fx.base}/decisions/${id}/decide`, { outcome: 'rejected', rationale: 'Oops' })).status).toBe(409);
    expect((await fx.partner.put(`${fx.base}/decisions/${id}/stance`, { stance: 'object', reason: 'late' })).status).toBe(409);
  });

  it('the history lists every proposal and decision, newest first, for every member (funders too)', async () => {
    const res = await funder.get(`${fx.base}/decisions`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: { number: number; status: string }) => [d.number, d.status])).toEqual([
      [2, 'accepted'],
      [1, 'open'],
    ]);
    expect((await outsider.get(`${fx.base}/decisions`)).status).toBe(404);
  });
});

describe('stale, failing and rejected proposals change nothing', () => {
  it('a proposal whose indicator changed since it was opened is refused with 409 and stays open', async () => {
    const current = await indicator();
    const opened = await propose(fx.staff, { kind: 'targets', indicatorId, targets: [...current.targets.slice(0, 2), { period: '2030', value: '900', kind: 'long_term' }] }, 'Double the goal');
    expect(opened.status).toBe(201);
    const edit = await fx.admin.patch(`${fx.base}/indicators/${indicatorId}`, { version: current.version, name: 'Children reading at age 5' });
    expect(edit.status).toBe(200);
    expect((await fx.admin.get(`${fx.base}/decisions/${opened.body.id}`)).body.stale).toBe(true);

    const res = await fx.admin.post(`${fx.base}/decisions/${opened.body.id}/decide`, { outcome: 'accepted', rationale: 'Go' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/READ-1 changed since this proposal was opened \(it was version 3, it is now version 4\)/);
    expect((await fx.admin.get(`${fx.base}/decisions/${opened.body.id}`)).body).toMatchObject({ status: 'open', decidedAt: null });
    expect((await indicator()).targets).toEqual(current.targets);
    expect(await audits('decision.accept', opened.body.id)).toHaveLength(0);
    // it can still be rejected
    const rejected = await fx.admin.post(`${fx.base}/decisions/${opened.body.id}/decide`, { outcome: 'rejected', rationale: 'Out of date' });
    expect(rejected.status).toBe(200);
  });

  it('an apply that fails (the proposed code was taken meanwhile) leaves the proposal open and nothing changed', async () => {
    const before = await indicator();
    const opened = await propose(fx.staff, { kind: 'definition', indicatorId, fields: { code: 'READ-NEW', unit: 'children' } }, 'Rename the code');
    expect(opened.status).toBe(201);
    expect(opened.body.base).toMatchObject({ code: 'READ-1', unit: 'people' });
    await createIndicator(t, fx, { code: 'READ-NEW' });
    const notesBefore = await decisionNotes(opened.body.id);
    const revisionsBefore = await q(`SELECT id FROM indicator_revisions WHERE indicator_id = $1`, [indicatorId]);

    const res = await fx.admin.post(`${fx.base}/decisions/${opened.body.id}/decide`, { outcome: 'accepted', rationale: 'Clearer' });
    expect(res.status).toBe(409);
    expect(res.body.details).toEqual([{ path: 'code', message: 'is already taken' }]);
    expect((await fx.admin.get(`${fx.base}/decisions/${opened.body.id}`)).body).toMatchObject({ status: 'open', appliedVersion: null });
    expect(await indicator()).toEqual(before);
    expect(await q(`SELECT id FROM indicator_revisions WHERE indicator_id = $1`, [indicatorId])).toEqual(revisionsBefore);
    expect(await decisionNotes(opened.body.id)).toEqual(notesBefore);
    expect(await audits('decision.accept', opened.body.id)).toHaveLength(0);
  });

  it('rejecting records the decision and changes nothing else', async () => {
    const before = await indicator();
    const opened = await propose(fx.staff, { kind: 'definition', indicatorId, fields: { unit: 'pupils' } }, 'Say pupils');
    const res = await fx.staff.post(`${fx.base}/decisions/${opened.body.id}/decide`, { outcome: 'rejected', rationale: 'Children is the word partners use.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', appliedVersion: null, decisionRationale: 'Children is the word partners use.' });
    expect(await indicator()).toEqual(before);
    expect(await audits('decision.reject', opened.body.id)).toHaveLength(1);
  });
});

describe('definition and agenda changes', () => {
  it('an accepted definition change applies through the indicator edit (same revision rules)', async () => {
    const before = await indicator();
    const opened = await propose(fx.admin, { kind: 'definition', indicatorId, fields: { name: 'Children reading well at five', dataSource: 'School census' } }, 'Clearer name');
    const res = await fx.admin.post(`${fx.base}/decisions/${opened.body.id}/decide`, { outcome: 'accepted', rationale: 'Agreed at the steering group' });
    expect(res.status).toBe(200);
    const after = await indicator();
    expect(after).toMatchObject({ name: 'Children reading well at five', version: before.version + 1 });
  });

  it('an accepted agenda change saves a new agenda version linked to the decision', async () => {
    const agenda = (await fx.admin.get(`${fx.base}/agenda`)).body;
    const opened = await propose(
      fx.partnerAdmin,
      { kind: 'agenda', problemStatement: agenda.problemStatement, vision: 'Every child in Riverton reading by age 7.', principles: agenda.principles, geography: agenda.geography },
      'Sharpen the vision',
    );
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ kind: 'agenda', indicator: null, baseVersion: agenda.version });
    const res = await fx.admin.post(`${fx.base}/decisions/${opened.body.id}/decide`, { outcome: 'accepted', rationale: 'Endorsed by partners' });
    expect(res.status).toBe(200);
    const now = (await fx.partner.get(`${fx.base}/agenda`)).body;
    expect(now).toMatchObject({ version: agenda.version + 1, vision: 'Every child in Riverton reading by age 7.', fiscalYearStartMonth: agenda.fiscalYearStartMonth, decision: { id: opened.body.id } });
  });

  it("another collaboration's decision is 404", async () => {
    const [d] = await q<{ id: string }>(`SELECT id FROM decisions WHERE collaboration_id = $1 LIMIT 1`, [fx.collaborationId]);
    expect((await outsider.get(`${fx.base}/decisions/${d!.id}`)).status).toBe(404);
    const other = await createCollaboration(fx.admin);
    expect((await fx.admin.get(`/api/collaborations/${other.id}/decisions/${d!.id}`)).status).toBe(404);
    expect((await fx.admin.post(`/api/collaborations/${other.id}/decisions/${d!.id}/decide`, { outcome: 'rejected', rationale: 'x' })).status).toBe(404);
  });
});
