import type { Job } from 'bullmq';
import { recomputeSql, rollupTable } from '../rollups/recompute';
import { createBusyIndicators, createPendingCheck } from './pending';
import { SCRATCH_TABLE } from './reconcile';

const C = '11111111-1111-4111-8111-111111111111';
const I = '22222222-2222-4222-8222-222222222222';
const job = (name: string, data: object) => ({ name, data }) as unknown as Job;
const lister = (jobs: Array<Job | undefined>) => () => ({ getJobs: async () => jobs as Job[] });
const noOutbox = { query: async () => ({ rows: [] }) } as never;

describe('the scratch table', () => {
  it('the rebuild SQL writes into the table named, and only a plain or pg_temp-qualified name is accepted', () => {
    const def = { valueType: 'count', across: 'sum', overTime: 'sum' } as const;
    expect(recomputeSql(def)).toContain('INSERT INTO rollups (');
    expect(recomputeSql(def, SCRATCH_TABLE)).toContain(`INSERT INTO ${SCRATCH_TABLE} (`);
    expect(rollupTable()).toBe('rollups');
    for (const bad of ['rollups; DROP TABLE x', 'public.rollups', 'Rollups', '"rollups"', '']) {
      expect(() => rollupTable(bad)).toThrow(/not a rollup table name/);
    }
  });
});

describe('changes on their way', () => {
  it('counts this indicator’s period and rebuild jobs and whole-collaboration rebuilds, nothing else', async () => {
    const others = [
      undefined,
      job('reconcile', { collaborationId: C }),
      job('period', { collaborationId: '33333333-3333-4333-8333-333333333333', indicatorId: I, period: '2025-01' }),
      job('period', { collaborationId: C, indicatorId: '44444444-4444-4444-8444-444444444444', period: '2025-01' }),
    ];
    expect(await createPendingCheck(lister(others))(noOutbox, C, I)).toBe(false);
    expect(await createPendingCheck(lister([...others, job('period', { collaborationId: C, indicatorId: I, period: '2025-01' })]))(noOutbox, C, I)).toBe(true);
    expect(await createPendingCheck(lister([...others, job('rebuild', { collaborationId: C })]))(noOutbox, C, I)).toBe(true);
    expect(await createBusyIndicators(lister(others))(C)).toEqual(new Set(['44444444-4444-4444-8444-444444444444']));
    expect(await createBusyIndicators(lister([...others, job('rebuild', { collaborationId: C })]))(C)).toBe('all');
  });

  it('an unrelayed outbox row is enough (the queue is not asked)', async () => {
    const outbox = { query: async () => ({ rows: [{ '?column?': 1 }] }) } as never;
    const queue = () => ({
      getJobs: async (): Promise<Job[]> => {
        throw new Error('not asked');
      },
    });
    expect(await createPendingCheck(queue)(outbox, C, I)).toBe(true);
  });
});
