import { startTestApp, type TestApp } from './support/app';
import { commit, counts, createActivity, createIndicator, type MeasurementFixture, measurementFixture, outbox } from './support/measurement-fixture';

let t: TestApp;
let fx: MeasurementFixture;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
});
afterAll(async () => {
  await t?.close();
});

async function drafts(periods: string[], opts: { submit?: boolean; periodicity?: 'month' | 'quarter' | 'year' } = {}) {
  const ind = await createIndicator(t, fx, { periodicity: opts.periodicity ?? 'quarter' });
  await commit(t, fx, fx.partnerId, ind);
  const res = await fx.partner.post(`${fx.base}/values/batch`, {
    values: periods.map((period, i) => ({ indicatorId: ind, partnerId: fx.partnerId, period, value: 10 + i })),
    submit: opts.submit ?? false,
  });
  expect(res.status).toBe(200);
  return { ind, ids: (res.body.values as Array<{ id: string }>).map((v) => v.id) };
}
const outboxOf = async (indicatorId: string) => (await outbox(t, fx)).filter((o) => o.indicatorId === indicatorId);

describe('workflow', () => {
  it('submit: draft → submitted, one outbox row per indicator × period; resubmitting changes nothing', async () => {
    const { ind, ids } = await drafts(['2025-Q1', '2025-Q2']);
    const res = await fx.partner.post(`${fx.base}/values/submit`, { ids });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changed: 2, unchanged: 0 });
    expect(res.body.values.map((v: { status: string }) => v.status)).toEqual(['submitted', 'submitted']);
    expect(await outboxOf(ind)).toHaveLength(2);
    const again = await fx.partner.post(`${fx.base}/values/submit`, { ids });
    expect(again.body).toMatchObject({ changed: 0, unchanged: 2 });
    expect(await outboxOf(ind)).toHaveLength(2);
  });

  it("another partner cannot submit, read or delete a partner's values (404)", async () => {
    const { ids } = await drafts(['2025-Q1']);
    const before = await counts(t, fx);
    const submit = await fx.other.post(`${fx.base}/values/submit`, { ids });
    expect(submit.status).toBe(404);
    expect(submit.body.details).toEqual([{ path: 'ids.0', message: expect.any(String) }]);
    expect((await fx.other.delete(`${fx.base}/values/${ids[0]}`)).status).toBe(404);
    const list = await fx.other.get(`${fx.base}/values`);
    expect(list.body.items.find((v: { id: string }) => v.id === ids[0])).toBeUndefined();
    expect((await fx.other.get(`${fx.base}/values?partnerId=${fx.partnerId}`)).status).toBe(404);
    expect(await counts(t, fx)).toEqual(before);
  });

  it('review: return needs a reason; the partner sees it; revising makes a draft; approve after resubmission', async () => {
    const { ind, ids } = await drafts(['2025-Q1'], { submit: true });
    expect((await fx.staff.post(`${fx.base}/values/review`, { ids, decision: 'return' })).status).toBe(400);
    const returned = await fx.staff.post(`${fx.base}/values/review`, { ids, decision: 'return', reason: 'Q1 looks like a year total' });
    expect(returned.status).toBe(200);
    expect(returned.body.values[0]).toMatchObject({ status: 'returned', returnReason: 'Q1 looks like a year total' });
    // returned leaves the rollups (submitted counted: no approval required here)
    expect(await outboxOf(ind)).toHaveLength(2);

    const mine = await fx.partner.get(`${fx.base}/values?indicatorId=${ind}`);
    expect(mine.body.items[0]).toMatchObject({ status: 'returned', returnReason: 'Q1 looks like a year total' });

    const revised = await fx.partner.post(`${fx.base}/values/batch`, {
      values: [{ indicatorId: ind, partnerId: fx.partnerId, period: '2025-Q1', value: 3 }],
    });
    expect(revised.body.values[0]).toMatchObject({ status: 'draft', returnReason: 'Q1 looks like a year total' });
    expect(await outboxOf(ind)).toHaveLength(2);

    await fx.partner.post(`${fx.base}/values/submit`, { ids });
    const approved = await fx.staff.post(`${fx.base}/values/review`, { ids, decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.values[0]).toMatchObject({ status: 'approved', returnReason: null });
    // approving an already counting value (no approval required) moves no rollup
    expect(await outboxOf(ind)).toHaveLength(3);

    const history = await fx.staff.get(`${fx.base}/values/${ids[0]}/history`);
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['create', 'return', 'update', 'submit', 'approve']);
    expect(history.body.items[1]).toMatchObject({ reason: 'Q1 looks like a year total', actor: expect.objectContaining({ name: 'Backbone Staff' }) });
  });

  it('reviewing a draft is refused with 409 naming it; nothing changes', async () => {
    const { ids } = await drafts(['2025-Q1']);
    const before = await counts(t, fx);
    const res = await fx.staff.post(`${fx.base}/values/review`, { ids, decision: 'approve' });
    expect(res.status).toBe(409);
    expect(res.body.details).toEqual([{ path: 'ids.0', message: expect.stringContaining('is draft') }]);
    expect(await counts(t, fx)).toEqual(before);
  });

  it('partners cannot review (403)', async () => {
    const { ids } = await drafts(['2025-Q1'], { submit: true });
    expect((await fx.partner.post(`${fx.base}/values/review`, { ids, decision: 'approve' })).status).toBe(403);
  });

  it('the review queue groups submitted values by partner and period', async () => {
    const { ids } = await drafts(['2026-Q1', '2026-Q2'], { submit: true });
    const res = await fx.staff.get(`${fx.base}/values/review-queue`);
    expect(res.status).toBe(200);
    const q1 = res.body.items.find((i: { period: string }) => i.period === '2026-Q1');
    expect(q1).toMatchObject({ partner: { id: fx.partnerId, organisationName: expect.any(String) }, count: expect.any(Number) });
    expect(q1.valueIds).toContain(ids[0]);
  });

  it("the review queue shows, beside each value, the partner's previously reported value of the same indicator and cell", async () => {
    const ind = await createIndicator(t, fx, { periodicity: 'quarter', dimensions: { sex: ['f', 'm'] } });
    await commit(t, fx, fx.partnerId, ind);
    await commit(t, fx, fx.otherPartnerId, ind);
    const save = async (agent: typeof fx.partner, partnerId: string, rows: Array<[string, string | null, number]>, submit: boolean) => {
      const res = await agent.post(`${fx.base}/values/batch`, {
        values: rows.map(([period, sex, value]) => ({ indicatorId: ind, partnerId, period, ...(sex ? { cell: { sex } } : {}), value })),
        submit,
      });
      expect(res.status).toBe(200);
      return (res.body.values as Array<{ id: string }>).map((v) => v.id);
    };
    // Q1 approved (total and f), Q2 a draft (not reported), Q3 and Q4 waiting; the other partner reported Q2.
    const [q1] = await save(fx.partner, fx.partnerId, [['2021-Q1', null, 10], ['2021-Q1', 'f', 4]], true);
    expect((await fx.staff.post(`${fx.base}/values/review`, { ids: [q1], decision: 'approve' })).status).toBe(200);
    await save(fx.partner, fx.partnerId, [['2021-Q2', null, 11]], false);
    await save(fx.other, fx.otherPartnerId, [['2021-Q2', null, 99]], true);
    const [q3, q3m] = await save(fx.partner, fx.partnerId, [['2021-Q3', null, 12], ['2021-Q3', 'm', 5]], true);
    const [q4] = await save(fx.partner, fx.partnerId, [['2021-Q4', null, 13]], true);

    const queue = await fx.staff.get(`${fx.base}/values/review-queue`);
    expect(queue.status).toBe(200);
    expect(queue.body.items.find((i: { period: string }) => i.period === '2021-Q3').valueIds).toEqual(expect.arrayContaining([q3, q3m]));
    // Asked per group (the page asks for the groups it shows).
    const previous = async (period: string, partnerId = fx.partnerId) => {
      const res = await fx.staff.get(`${fx.base}/values/review-queue/previous?partnerId=${partnerId}&period=${period}`);
      expect(res.status).toBe(200);
      return res.body.previous as Record<string, unknown>;
    };
    // Q3 follows Q1 (the Q2 draft was never reported; the other partner's Q2 is not this partner's), in the same cell.
    expect((await previous('2021-Q3'))[q3]).toEqual({ period: '2021-Q1', periodLabel: 'Q1 2021', value: '10', numerator: null, denominator: null, status: 'approved' });
    expect((await previous('2021-q4'))[q4]).toEqual({ period: '2021-Q3', periodLabel: 'Q3 2021', value: '12', numerator: null, denominator: null, status: 'submitted' });
    // Nothing reported before in the m cell; nothing before the other partner's first value.
    expect((await previous('2021-Q3'))[q3m]).toBeUndefined();
    expect(await previous('2021-Q2', fx.otherPartnerId)).toEqual({});
    // A bad period names the field; partners may not ask.
    const bad = await fx.staff.get(`${fx.base}/values/review-queue/previous?partnerId=${fx.partnerId}&period=2021-Q9`);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ path: 'query.period', message: expect.any(String) }]);
    expect((await fx.partner.get(`${fx.base}/values/review-queue/previous?partnerId=${fx.partnerId}&period=2021-Q3`)).status).toBe(403);
  });

  it('delete: drafts only (409 for submitted), revision kept', async () => {
    const { ids } = await drafts(['2025-Q1', '2025-Q2']);
    await fx.partner.post(`${fx.base}/values/submit`, { ids: [ids[1]] });
    expect((await fx.partner.delete(`${fx.base}/values/${ids[1]}`)).status).toBe(409);
    expect((await fx.partner.delete(`${fx.base}/values/${ids[0]}`)).status).toBe(204);
    const history = await fx.partner.get(`${fx.base}/values/${ids[0]}/history`);
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['create', 'delete']);
  });
});

describe('period locks', () => {
  it('a closed quarter refuses batch writes, submits and reviews (409 naming the period) until reopened', async () => {
    const { ind, ids } = await drafts(['2024-Q1']);
    const lock = await fx.staff.post(`${fx.base}/period-locks`, { period: '2024-q1' });
    expect(lock.status).toBe(201);
    expect(lock.body).toMatchObject({ period: '2024-Q1', label: 'Q1 2024' });
    expect((await fx.staff.post(`${fx.base}/period-locks`, { period: '2024-Q1' })).status).toBe(409);

    const before = await counts(t, fx);
    const write = await fx.partner.post(`${fx.base}/values/batch`, {
      values: [{ indicatorId: ind, partnerId: fx.partnerId, period: '2024-Q1', value: 99 }],
    });
    expect(write.status).toBe(409);
    expect(write.body.details).toEqual([{ path: 'values.0.period', message: 'Q1 2024 is closed; ask the backbone to reopen it' }]);
    expect((await fx.partner.post(`${fx.base}/values/submit`, { ids })).status).toBe(409);
    expect((await fx.partner.delete(`${fx.base}/values/${ids[0]}`)).status).toBe(409);
    expect(await counts(t, fx)).toEqual(before);

    expect((await fx.partner.post(`${fx.base}/period-locks`, { period: '2024-Q1' })).status).toBe(403);
    expect((await fx.staff.delete(`${fx.base}/period-locks/2024-Q1`)).status).toBe(204);
    expect((await fx.partner.post(`${fx.base}/values/submit`, { ids })).status).toBe(200);
  });

  it('a closed year closes the months inside it', async () => {
    const { ind } = await drafts(['2023-05'], { periodicity: 'month' });
    expect((await fx.admin.post(`${fx.base}/period-locks`, { period: '2023' })).status).toBe(201);
    const write = await fx.partner.post(`${fx.base}/values/batch`, {
      values: [{ indicatorId: ind, partnerId: fx.partnerId, period: '2023-05', value: 1 }],
    });
    expect(write.status).toBe(409);
    expect(write.body.details[0].message).toBe('2023 is closed; ask the backbone to reopen it');
    const list = await fx.partner.get(`${fx.base}/period-locks`);
    expect(list.body.items.map((l: { period: string }) => l.period)).toContain('2023');
  });

  it('a bad period key is a 400, never a 500', async () => {
    expect((await fx.staff.post(`${fx.base}/period-locks`, { period: '2024-Q5' })).status).toBe(400);
    expect((await fx.staff.delete(`${fx.base}/period-locks/nonsense`)).status).toBe(400);
    expect((await fx.staff.delete(`${fx.base}/period-locks/2019`)).status).toBe(404);
  });
});

describe('reads', () => {
  it('filters by period range and status; the backbone sees every partner', async () => {
    const { ind } = await drafts(['2025-Q1', '2025-Q2', '2025-Q3']);
    const res = await fx.staff.get(`${fx.base}/values?indicatorId=${ind}&from=2025-Q2&to=2025&status=draft`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((v: { period: string }) => v.period)).toEqual(['2025-Q2', '2025-Q3']);
    expect((await fx.staff.get(`${fx.base}/values?from=2025-Q9`)).status).toBe(400);
  });

  it('filters by one period exactly, and pages with limit and offset in a fixed order', async () => {
    const { ind } = await drafts(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    const exact = await fx.staff.get(`${fx.base}/values?indicatorId=${ind}&period=2025-q2`);
    expect(exact.status).toBe(200);
    expect(exact.body.items.map((v: { period: string }) => v.period)).toEqual(['2025-Q2']);
    const within = await fx.staff.get(`${fx.base}/values?indicatorId=${ind}&from=2025&to=2025&period=2025-Q3`);
    expect(within.body.items.map((v: { period: string }) => v.period)).toEqual(['2025-Q3']);
    const bad = await fx.staff.get(`${fx.base}/values?period=2025-Q5`);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ path: 'query.period', message: expect.any(String) }]);

    const page = async (offset: number) =>
      (await fx.staff.get(`${fx.base}/values?indicatorId=${ind}&limit=3&offset=${offset}`)).body.items.map((v: { period: string }) => v.period);
    expect(await page(0)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
    expect(await page(3)).toEqual(['2025-Q4']);
    expect(await page(4)).toEqual([]);
    expect((await fx.staff.get(`${fx.base}/values?offset=-1`)).body.details).toEqual([{ path: 'query.offset', message: expect.any(String) }]);
  });

  it('filters by the activity values are attributed to', async () => {
    const ind = await createIndicator(t, fx, { periodicity: 'quarter' });
    await commit(t, fx, fx.partnerId, ind);
    const club = await createActivity(t, fx, fx.partnerId, [ind]);
    const res = await fx.partner.post(`${fx.base}/values/batch`, {
      values: [
        { indicatorId: ind, partnerId: fx.partnerId, period: '2025-Q1', value: 10 },
        { indicatorId: ind, partnerId: fx.partnerId, period: '2025-Q1', value: 4, activityId: club },
      ],
    });
    expect(res.status).toBe(200);
    const mine = await fx.partner.get(`${fx.base}/values?activityId=${club}`);
    expect(mine.body.items.map((v: { activityId: string; value: string }) => [v.activityId, v.value])).toEqual([[club, '4']]);
    // Another partner asking sees none of them (its own values only).
    expect((await fx.other.get(`${fx.base}/values?activityId=${club}`)).body.items).toEqual([]);
    expect((await fx.staff.get(`${fx.base}/values?activityId=nope`)).status).toBe(400);
  });
});

describe('fiscal years (April start)', () => {
  it('takes fiscal-year keys, refuses calendar quarters, and names closed fiscal periods', async () => {
    const ff = await measurementFixture(t, { fiscalYearStartMonth: 4 });
    const ind = await createIndicator(t, ff, { periodicity: 'quarter' });
    await commit(t, ff, ff.partnerId, ind);
    const send = (period: string) =>
      ff.partner.post(`${ff.base}/values/batch`, { values: [{ indicatorId: ind, partnerId: ff.partnerId, period, value: 1 }] });
    const calendar = await send('2025-Q1');
    expect(calendar.status).toBe(422);
    expect(calendar.body.details).toEqual([{ path: 'values.0.period', message: expect.stringContaining('use fiscal-year keys') }]);
    expect((await send('fy2025-q1')).body.values[0].period).toBe('FY2025-Q1');
    expect((await ff.staff.post(`${ff.base}/period-locks`, { period: 'FY2025' })).status).toBe(201);
    const closed = await send('FY2025-Q2');
    expect(closed.status).toBe(409);
    expect(closed.body.details).toEqual([{ path: 'values.0.period', message: 'FY 2025/26 is closed; ask the backbone to reopen it' }]);
  });
});
