import { planJobs } from './relay';

const c = '11111111-1111-4111-8111-111111111111';
const i = '22222222-2222-4222-8222-222222222222';
const row = (id: number, kind: string, period: string | null, indicator: string | null = i) => ({
  collaboration_id: c,
  id: String(id),
  kind,
  indicator_id: indicator,
  period,
});

describe('planJobs', () => {
  it('collapses a burst into one job per (collaboration, indicator, period)', () => {
    const jobs = planJobs([
      row(1, 'values_changed', '2026-01'),
      row(2, 'values_changed', '2026-01'),
      row(3, 'values_changed', '2026-02'),
    ]);
    expect(jobs).toEqual([
      { name: 'period', data: { collaborationId: c, indicatorId: i, period: '2026-01' }, dedupId: `rollup:${c}:${i}:2026-01` },
      { name: 'period', data: { collaborationId: c, indicatorId: i, period: '2026-02' }, dedupId: `rollup:${c}:${i}:2026-02` },
    ]);
  });

  it('turns a definition change into a rebuild of that indicator', () => {
    expect(planJobs([row(1, 'indicator_definition_changed', null)])).toEqual([
      { name: 'rebuild', data: { collaborationId: c, indicatorId: i }, dedupId: `rebuild:${c}:${i}` },
    ]);
  });

  it('turns a rebuild request (e.g. after seeding) into one rebuild per indicator', () => {
    expect(planJobs([row(1, 'rebuild_requested', null), row(2, 'rebuild_requested', null)])).toEqual([
      { name: 'rebuild', data: { collaborationId: c, indicatorId: i }, dedupId: `rebuild:${c}:${i}` },
    ]);
  });

  it('ignores rows it cannot act on', () => {
    expect(planJobs([row(1, 'values_changed', null), row(2, 'values_changed', '2026-01', null)])).toEqual([]);
  });
});
