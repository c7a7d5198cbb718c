import { openEvents, type SseStream } from './support/client';
import { compareWithRebuild } from './support/compare';
import { SHARED_REDIS_URL } from './support/processes';
import {
  addPartner,
  commit,
  createCollaboration,
  createIndicator,
  submitValues,
  type Collaboration,
  type Partner,
} from './support/scenario';
import { Stack } from './support/stack';

/**
 * Issue 4, "Done when": api + worker + PostgreSQL + Redis — a value submitted through the api
 * appears in the read API and on the SSE stream. Everything goes through the api as people use
 * it; the rollup is computed by the built worker from the outbox row the approval wrote.
 */
const stack = new Stack({ redisUrl: SHARED_REDIS_URL });
let c: Collaboration;
let partner: Partner;
let indicatorId: string;
let events: SseStream;

interface RollupsAnswer {
  items: Array<{
    period: string;
    granularity: string;
    cell: string;
    value: string;
    partnerCount: number;
    valueCount: number;
  }>;
  pendingChanges: number;
  computedAt: string | null;
}

beforeAll(async () => {
  await stack.start();
  // Approval required: a submitted value counts only once the backbone approves it.
  c = await createCollaboration(stack.baseUrl, { fiscalYearStartMonth: 4, requiresApproval: true });
  indicatorId = await createIndicator(c, {
    code: 'READ-01',
    valueType: 'count',
    periodicity: 'month',
    aggregationAcrossPartners: 'sum',
    aggregationOverTime: 'sum',
    baselinePeriod: 'FY2023',
    longTermPeriod: 'FY2029',
  });
  partner = await addPartner(c, 'library');
  await commit(c, partner, [{ indicatorId, startPeriod: '2025-04' }]);
}, 180_000);

afterAll(async () => {
  events?.close();
  await stack.stop();
});

const rollups = (granularity: string, from: string, to: string) =>
  c.admin.expect<RollupsAnswer>(
    200,
    'GET',
    `${c.base}/rollups?indicatorId=${indicatorId}&granularity=${granularity}&from=${from}&to=${to}`,
  );

const updateNaming = (period: string) => (e: { event: string; data: string }) => {
  if (e.event !== 'rollup-updated') return false;
  const m = JSON.parse(e.data) as { indicatorId: string; periods: string[] };
  return m.indicatorId === indicatorId && m.periods.includes(period);
};

describe('a value submitted through the api reaches the read api and the live stream', () => {
  it('rolls up an approved value, announces it on the SSE stream, and serves the number', async () => {
    events = await openEvents(c.admin, c.id);
    expect(events.status).toBe(200);
    await events.next((e) => e.event === 'ready');

    const written = await submitValues(c, partner, [
      { indicatorId, partnerId: partner.id, period: '2025-04', value: '120' },
      { indicatorId, partnerId: partner.id, period: '2025-05', value: '80' },
    ]);
    expect(written).toMatchObject({ created: 2 });
    const ids = new Map(
      (written as unknown as { values: Array<{ id: string; period: string; status: string }> }).values.map(
        (v) => [v.period, v],
      ),
    );
    expect(ids.get('2025-04')?.status).toBe('submitted');

    // The backbone approves April only.
    await c.admin.expect(200, 'POST', `${c.base}/values/review`, {
      ids: [ids.get('2025-04')!.id],
      decision: 'approve',
    });
    const april = await events.next(updateNaming('2025-04'));
    const aprilMessage = JSON.parse(april.data) as {
      indicatorId: string;
      periods: string[];
      computedAt: string;
    };
    // The month and its parents (fiscal year from April: FY2025-Q1, FY2025).
    expect(aprilMessage.periods).toEqual(expect.arrayContaining(['2025-04', 'FY2025-Q1', 'FY2025']));

    // The worker commits before it publishes: the read api already serves the new numbers.
    const months = await rollups('month', '2025-04', '2025-06');
    expect(
      months.items
        .filter((r) => r.cell === 'total')
        .map((r) => [r.period, Number(r.value), r.partnerCount, r.valueCount]),
    ).toEqual([['2025-04', 120, 1, 1]]);
    const quarter = await rollups('quarter', 'FY2025-Q1', 'FY2025-Q1');
    expect(quarter.items.map((r) => Number(r.value))).toEqual([120]); // May is submitted, not approved: not counted

    // Approving May moves the quarter and the year.
    await c.admin.expect(200, 'POST', `${c.base}/values/review`, {
      ids: [ids.get('2025-05')!.id],
      decision: 'approve',
    });
    await events.next(updateNaming('2025-05'));
    expect((await rollups('quarter', 'FY2025-Q1', 'FY2025-Q1')).items.map((r) => Number(r.value))).toEqual([
      200,
    ]);
    const year = await rollups('year', 'FY2025', 'FY2025');
    expect(year.items.map((r) => [r.period, Number(r.value), r.valueCount])).toEqual([['FY2025', 200, 2]]);
    expect(year.computedAt).not.toBeNull();

    // A revision through the api: back to draft (not counted) until submitted and approved again.
    const revised = await submitValues(c, partner, [
      { indicatorId, partnerId: partner.id, period: '2025-05', value: '95' },
    ]);
    expect(revised).toMatchObject({ updated: 1 });
    const seen = events.events.length;
    await c.admin.expect(200, 'POST', `${c.base}/values/review`, {
      ids: [ids.get('2025-05')!.id],
      decision: 'approve',
    });
    await events.next(updateNaming('2025-05'), { from: seen });
    // The revision itself moved the rollups too (approved → submitted): wait for both jobs.
    await stack.settled();
    expect((await rollups('year', 'FY2025', 'FY2025')).items.map((r) => Number(r.value))).toEqual([215]);

    const { againstReference, againstRebuild } = await compareWithRebuild(stack.pool, c.id);
    expect(againstReference).toEqual([]);
    expect(againstRebuild).toEqual([]);
  });

  it('does not send another collaboration’s updates to this stream', async () => {
    const other = await createCollaboration(stack.baseUrl, {
      fiscalYearStartMonth: 1,
      requiresApproval: false,
    });
    const otherIndicator = await createIndicator(other, {
      code: 'OTHER-01',
      valueType: 'count',
      periodicity: 'month',
      aggregationAcrossPartners: 'sum',
      aggregationOverTime: 'sum',
      baselinePeriod: '2023',
      longTermPeriod: '2029',
    });
    const otherPartner = await addPartner(other, 'clinic');
    await commit(other, otherPartner, [{ indicatorId: otherIndicator, startPeriod: '2025-01' }]);
    const otherEvents = await openEvents(other.admin, other.id);
    await otherEvents.next((e) => e.event === 'ready');
    await submitValues(other, otherPartner, [
      { indicatorId: otherIndicator, partnerId: otherPartner.id, period: '2025-03', value: '7' },
    ]);
    await otherEvents.next((e) => e.event === 'rollup-updated' && e.data.includes(otherIndicator));
    otherEvents.close();
    expect(events.events.filter((e) => e.data.includes(otherIndicator))).toEqual([]);
  });
});
