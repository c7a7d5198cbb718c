import type { CollaborationDetail, CommitmentView } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import { addMember, addPartner, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';

/** An indicator row as the migration defines it (indicators cannot be created through the api here). */
async function insertIndicator(
  t: TestApp,
  collaborationId: string,
  goalId: string,
  code: string,
  periodicity: 'month' | 'quarter' | 'year',
  status: 'active' | 'retired' = 'active',
): Promise<string> {
  const rows: Array<{ id: string }> = await dataSourceOf(t).query(
    `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity,
                             aggregation_across, aggregation_over_time, goal_id, baseline_value, baseline_period,
                             measure_type, status, retired_at)
     VALUES ($1, $2, $3, 'A definition', 'people', 'count', 'increase', $4, 'sum', 'sum', $5, 0, 'FY2024',
             'performance', $6, CASE WHEN $6 = 'retired' THEN now() END)
     RETURNING id`,
    [collaborationId, code, `Indicator ${code}`, periodicity, goalId, status],
  );
  return rows[0]!.id;
}

describe('commitments', () => {
  let t: TestApp;
  let admin: UserAgent;
  let staff: UserAgent;
  let partnerAdmin: UserAgent;
  let contributor: UserAgent;
  let otherAdmin: UserAgent;
  let c: CollaborationDetail;
  let other: CollaborationDetail;
  let p1: string;
  let p2: string;
  let funder: string;
  const ind = {} as Record<'month' | 'quarter' | 'year' | 'retired' | 'foreign', string>;

  const url = (path: string) => `/api/collaborations/${c.id}${path}`;
  const put = (agent: UserAgent, partnerId: string, commitments: object[]) =>
    agent.put(url(`/partners/${partnerId}/commitments`), { commitments });
  const setOf = async (partnerId: string) =>
    ((await admin.get(url(`/commitments?partnerId=${partnerId}`))).body.items as CommitmentView[]).map((x) => [
      x.indicatorCode,
      x.startPeriod,
      x.endPeriod,
    ]);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t);
    staff = await createUser(t);
    partnerAdmin = await createUser(t);
    contributor = await createUser(t);
    otherAdmin = await createUser(t);
    c = await createCollaboration(admin); // fiscal year starts in April
    other = await createCollaboration(otherAdmin);
    await addMember(t, c.id, staff.user.id, 'backbone_staff');
    p1 = (await addMember(t, c.id, partnerAdmin.user.id, 'partner_admin')).partnerId;
    await addMember(t, c.id, contributor.user.id, 'partner_contributor', p1);
    p2 = (await addPartner(t, c.id, { organisationName: 'Second partner' })).partnerId;
    funder = (await addPartner(t, c.id, { kind: 'funder' })).partnerId;
    const goalId = c.goals[0]!.id;
    ind.month = await insertIndicator(t, c.id, goalId, 'M1', 'month');
    ind.quarter = await insertIndicator(t, c.id, goalId, 'Q1', 'quarter');
    ind.year = await insertIndicator(t, c.id, goalId, 'Y1', 'year');
    ind.retired = await insertIndicator(t, c.id, goalId, 'R1', 'month', 'retired');
    ind.foreign = await insertIndicator(t, other.id, other.goals[0]!.id, 'F1', 'month');
  });
  afterAll(async () => {
    await t.close();
  });

  it('sets a partner\'s commitments, canonicalising period keys', async () => {
    const res = await put(admin, p1, [
      { indicatorId: ind.month, startPeriod: 'fy2025-q2' },
      { indicatorId: ind.quarter, startPeriod: 'FY2025', endPeriod: null },
      { indicatorId: ind.year, startPeriod: 'FY2025', endPeriod: 'FY2027' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items[0]).toMatchObject({ partnerId: p1, indicatorCode: 'M1', periodicity: 'month', startPeriod: 'FY2025-Q2', endPeriod: null });
    expect(await setOf(p1)).toEqual([
      ['M1', 'FY2025-Q2', null],
      ['Q1', 'FY2025', null],
      ['Y1', 'FY2025', 'FY2027'],
    ]);
  });

  it('replaces the whole set in one go, audited with before and after, keeping values of removed commitments', async () => {
    await dataSourceOf(t).query(
      `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, value, status) VALUES ($1, $2, $3, 'FY2025-Q1', 5, 'draft')`,
      [c.id, ind.quarter, p1],
    );
    const res = await put(partnerAdmin, p1, [
      { indicatorId: ind.month, startPeriod: 'FY2025-Q2' },
      { indicatorId: ind.year, startPeriod: 'FY2026', endPeriod: 'FY2027' },
    ]);
    expect(res.status).toBe(200);
    expect(await setOf(p1)).toEqual([
      ['M1', 'FY2025-Q2', null],
      ['Y1', 'FY2026', 'FY2027'],
    ]);
    const [values] = await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM indicator_values WHERE collaboration_id = $1 AND partner_id = $2`, [c.id, p1]);
    expect(values.n).toBe(1);
    const events = await dataSourceOf(t).query(
      `SELECT actor_id, before, after FROM audit_events WHERE collaboration_id = $1 AND action = 'commitments.replace' ORDER BY id`,
      [c.id],
    );
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      actor_id: partnerAdmin.user.id,
      before: { commitments: expect.arrayContaining([expect.objectContaining({ indicatorId: ind.quarter, startPeriod: 'FY2025' })]) },
      after: {
        commitments: [
          { indicatorId: ind.month, startPeriod: 'FY2025-Q2', endPeriod: null },
          { indicatorId: ind.year, startPeriod: 'FY2026', endPeriod: 'FY2027' },
        ],
      },
    });
    // The same set again changes nothing and records nothing.
    await put(partnerAdmin, p1, [
      { indicatorId: ind.month, startPeriod: 'FY2025-Q2' },
      { indicatorId: ind.year, startPeriod: 'FY2026', endPeriod: 'FY2027' },
    ]);
    const again = await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM audit_events WHERE collaboration_id = $1 AND action = 'commitments.replace'`, [c.id]);
    expect(again[0].n).toBe(2);
  });

  it('names every bad commitment by its path and writes nothing', async () => {
    const before = await setOf(p1);
    const res = await put(admin, p1, [
      { indicatorId: ind.month, startPeriod: '2025-13' },
      { indicatorId: ind.quarter, startPeriod: '2025-05' },
      { indicatorId: '00000000-0000-4000-8000-000000000000', startPeriod: 'FY2025' },
      { indicatorId: ind.year, startPeriod: '2025' },
      { indicatorId: ind.foreign, startPeriod: '2025-04' },
      { indicatorId: ind.retired, startPeriod: '2025-04' },
    ]);
    expect(res.status).toBe(400);
    const paths = (res.body.details as Array<{ path: string; message: string }>).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'commitments.1.startPeriod',
        'commitments.2.indicatorId',
        'commitments.4.indicatorId',
        'commitments.5.indicatorId',
      ]),
    );
    expect(await setOf(p1)).toEqual(before);

    const periods = await put(admin, p1, [
      { indicatorId: ind.month, startPeriod: '2025-13' },
      { indicatorId: ind.quarter, startPeriod: '2025-05' },
      { indicatorId: ind.year, startPeriod: '2025' },
      { indicatorId: ind.retired, startPeriod: '2025-04' },
    ]);
    expect(periods.status).toBe(400);
    expect(periods.body.details).toEqual(
      expect.arrayContaining([
        { path: 'commitments.0.startPeriod', message: expect.stringMatching(/no month 13/) },
        { path: 'commitments.1.startPeriod', message: expect.stringMatching(/quarter or a year: this indicator is reported quarterly/) },
        { path: 'commitments.2.startPeriod', message: expect.stringMatching(/fiscal year starts in Apr: use fiscal-year keys such as FY2025/) },
        { path: 'commitments.3.indicatorId', message: expect.stringMatching(/retired/) },
      ]),
    );

    const order = await put(admin, p1, [{ indicatorId: ind.quarter, startPeriod: 'FY2026-Q2', endPeriod: 'FY2026-Q1' }]);
    expect(order.status).toBe(400);
    expect(order.body.details).toEqual([{ path: 'commitments.0.endPeriod', message: 'must not end before startPeriod (FY2026-Q2)' }]);

    const twice = await put(admin, p1, [
      { indicatorId: ind.month, startPeriod: 'FY2025' },
      { indicatorId: ind.month, startPeriod: 'FY2026' },
    ]);
    expect(twice.status).toBe(400);
    expect(twice.body.details[0].path).toBe('commitments.1.indicatorId');

    const unknown = await admin.put(url(`/partners/${p1}/commitments`), { commitments: [{ indicatorId: ind.month, startPeriod: 'FY2025', weight: 2 }], extra: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/weight/);
    expect(unknown.body.message).toMatch(/extra/);

    const missing = await admin.put(url(`/partners/${p1}/commitments`), {});
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].path).toBe('commitments');
    expect(await setOf(p1)).toEqual(before);
  });

  it('lets partner admins manage only their own partner; contributors and funders not at all', async () => {
    const own = await put(partnerAdmin, p1, [{ indicatorId: ind.month, startPeriod: 'FY2025-Q2' }]);
    expect(own.status).toBe(200);
    const another = await put(partnerAdmin, p2, [{ indicatorId: ind.month, startPeriod: 'FY2025' }]);
    expect(another.status).toBe(404);
    expect(await setOf(p2)).toEqual([]);
    expect((await put(contributor, p1, [])).status).toBe(403);
    expect((await put(staff, p2, [{ indicatorId: ind.quarter, startPeriod: 'FY2025' }])).status).toBe(200);
    expect(await setOf(p2)).toEqual([['Q1', 'FY2025', null]]);
    // Only active partner organisations commit.
    const toFunder = await put(admin, funder, [{ indicatorId: ind.month, startPeriod: 'FY2025' }]);
    expect(toFunder.status).toBe(409);
    expect(toFunder.body.message).toMatch(/funder/);
    const pending = (await addPartner(t, c.id, { status: 'invited' })).partnerId;
    expect((await put(admin, pending, [])).status).toBe(409);
    // Another collaboration's partner, or an unknown one: 404.
    const foreignPartner = (await addPartner(t, other.id)).partnerId;
    expect((await put(admin, foreignPartner, [])).status).toBe(404);
    expect((await admin.put(url('/partners/not-a-uuid/commitments'), { commitments: [] })).status).toBe(400);
  });

  it('every member reads every partner\'s commitments, filtered by partner or indicator', async () => {
    const all = await contributor.get(url('/commitments'));
    expect(all.status).toBe(200);
    expect((all.body.items as CommitmentView[]).map((x) => [x.partnerId, x.indicatorCode])).toEqual(
      expect.arrayContaining([
        [p1, 'M1'],
        [p2, 'Q1'],
      ]),
    );
    const byIndicator = await admin.get(url(`/commitments?indicatorId=${ind.quarter}`));
    expect((byIndicator.body.items as CommitmentView[]).map((x) => x.partnerId)).toEqual([p2]);
    expect((await admin.get(url('/commitments?partnerId=nope'))).status).toBe(400);
    expect((await admin.get(url('/commitments?colour=red'))).status).toBe(400);
  });

  it('expands the expected reports of a partner in a range, fiscal years respected', async () => {
    await put(admin, p1, [
      { indicatorId: ind.month, startPeriod: 'FY2025-Q4' }, // Jan 2026 onwards
      { indicatorId: ind.quarter, startPeriod: 'FY2025-Q3', endPeriod: 'FY2026-Q1' },
      { indicatorId: ind.year, startPeriod: 'FY2024' },
    ]);
    const res = await contributor.get(url(`/partners/${p1}/expected?from=FY2025&to=FY2025`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ partnerId: p1, from: 'FY2025', to: 'FY2025' });
    const pairs = (res.body.items as Array<{ indicatorId: string; period: string }>).map((x) => `${x.indicatorId === ind.month ? 'M' : x.indicatorId === ind.quarter ? 'Q' : 'Y'}:${x.period}`);
    expect(pairs).toEqual(['M:2026-01', 'M:2026-02', 'M:2026-03', 'Q:FY2025-Q3', 'Q:FY2025-Q4', 'Y:FY2025']);

    const months = await admin.get(url(`/partners/${p1}/expected?from=2026-03&to=2026-06`));
    expect(months.status).toBe(200);
    expect((months.body.items as Array<{ period: string }>).map((x) => x.period)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06', 'FY2025-Q4', 'FY2026-Q1', 'FY2025']);

    const current = await admin.get(url(`/partners/${p1}/expected`));
    expect(current.status).toBe(200);
    expect(current.body.from).toMatch(/^FY\d{4}$/);
    expect(current.body.to).toBe(current.body.from);

    const calendar = await admin.get(url(`/partners/${p1}/expected?from=2025&to=2025`));
    expect(calendar.status).toBe(400);
    expect(calendar.body.details).toEqual([
      { path: 'query.from', message: expect.stringMatching(/fiscal year starts in Apr/) },
      { path: 'query.to', message: expect.stringMatching(/fiscal year starts in Apr/) },
    ]);
    const backwards = await admin.get(url(`/partners/${p1}/expected?from=FY2026&to=FY2025`));
    expect(backwards.status).toBe(400);
    expect(backwards.body.details[0].path).toBe('query.to');
    const tooLong = await admin.get(url(`/partners/${p1}/expected?from=FY2000&to=FY2030`));
    expect(tooLong.status).toBe(400);
    expect((await admin.get(url(`/partners/${p1}/expected?from=banana`))).status).toBe(400);
    const foreignPartner = (await addPartner(t, other.id)).partnerId;
    expect((await admin.get(url(`/partners/${foreignPartner}/expected`))).status).toBe(404);
  });

  it('refuses writes to an archived collaboration with 409', async () => {
    expect((await admin.post(url('/archive'))).status).toBe(200);
    const res = await put(admin, p1, []);
    expect(res.status).toBe(409);
    expect((await admin.post(url('/unarchive'))).status).toBe(200);
    expect((await put(admin, p1, [])).status).toBe(200);
    expect(await setOf(p1)).toEqual([]);
  });
});
