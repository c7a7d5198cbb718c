import { analyseMatrix } from './matrix-model';

describe('analyseMatrix', () => {
  const strategies = ['s1', 's2', 's3'].map((id) => ({ id, name: id.toUpperCase(), goalId: 'g', goalTitle: 'Goal' }));
  const act = (id: string, status: 'active' | 'cancelled' | 'completed' = 'active') => ({ id, name: id, status });
  const partner = (name: string, cells: Record<string, ReturnType<typeof act>[]>, unassigned: ReturnType<typeof act>[] = []) => ({
    partnerId: name,
    organisationName: name,
    cells: strategies.map((s) => ({ strategyId: s.id, activities: cells[s.id] ?? [] })),
    unassigned,
  });

  it('finds gaps, overlaps and partners with no activity; cancelled activities do not count', () => {
    const a = analyseMatrix({
      strategies,
      partners: [
        partner('Alpha', { s1: [act('a1')], s2: [act('a2', 'completed')] }),
        partner('Beta', { s1: [act('b1')], s3: [act('b3', 'cancelled')] }),
        partner('Gamma', {}, [act('g0')]),
        partner('Delta', { s3: [act('d3', 'cancelled')] }),
      ],
    });
    expect(a.gaps.map((s) => s.id)).toEqual(['s3']);
    expect(a.overlaps.map((s) => s.id)).toEqual(['s1']);
    expect(a.partnersByStrategy.get('s1')).toEqual(['Alpha', 'Beta']);
    expect(a.idlePartners.map((p) => p.organisationName)).toEqual(['Delta']);
  });
});
