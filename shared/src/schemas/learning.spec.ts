import { roleHas } from '../permissions';
import { decisionChangeSchema, decisionStanceSchema, diffTargets, learningEntryCreateSchema } from './learning';

const ID = '7c0f4b1e-1d1a-4b8e-9a43-2f7d0c1c3c1c';

describe('diffTargets', () => {
  it('names rows added, changed, removed and unchanged (numbers compared as numbers)', () => {
    const before = [
      { period: '2025', value: '100', kind: 'milestone' as const },
      { period: '2026', value: '200', kind: 'milestone' as const },
      { period: '2030', value: '500.0', kind: 'long_term' as const },
    ];
    const after = [
      { period: '2025', value: '150', kind: 'milestone' as const },
      { period: '2027', value: '300', kind: 'milestone' as const },
      { period: '2030', value: '500', kind: 'long_term' as const },
    ];
    expect(diffTargets(before, after)).toEqual([
      { period: '2025', kind: 'milestone', before: '100', after: '150', change: 'changed' },
      { period: '2027', kind: 'milestone', before: null, after: '300', change: 'added' },
      { period: '2030', kind: 'long_term', before: '500.0', after: '500', change: 'same' },
      { period: '2026', kind: 'milestone', before: '200', after: null, change: 'removed' },
    ]);
  });
});

describe('learning and decision schemas', () => {
  it('a learning entry needs a title, what was learned, an indicator and a period; sharing with funders is on by default', () => {
    const ok = learningEntryCreateSchema.parse({ title: 'T', learned: 'L', indicatorIds: [ID], period: '2026-Q1' });
    expect(ok).toMatchObject({ tried: '', willChange: '', periodTo: null, shareWithFunders: true });
    const bad = learningEntryCreateSchema.safeParse({ title: ' ', learned: '', indicatorIds: [ID, ID], period: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['indicatorIds', 'learned', 'period', 'title']);
  });

  it('a change is exactly one of the three kinds; definition changes only the safe fields', () => {
    expect(decisionChangeSchema.safeParse({ kind: 'targets', indicatorId: ID, targets: [{ period: '2030', value: '1', kind: 'long_term' }] }).success).toBe(true);
    expect(decisionChangeSchema.safeParse({ kind: 'definition', indicatorId: ID, fields: { name: 'New' } }).success).toBe(true);
    expect(decisionChangeSchema.safeParse({ kind: 'definition', indicatorId: ID, fields: { periodicity: 'month' } }).success).toBe(false);
    expect(decisionChangeSchema.safeParse({ kind: 'definition', indicatorId: ID, fields: {} }).success).toBe(false);
    expect(decisionChangeSchema.safeParse({ kind: 'goals' }).success).toBe(false);
  });

  it('an objection needs a reason', () => {
    expect(decisionStanceSchema.safeParse({ stance: 'support' }).success).toBe(true);
    const objection = decisionStanceSchema.safeParse({ stance: 'object', reason: ' ' });
    expect(objection.error?.issues).toEqual([expect.objectContaining({ path: ['reason'], message: 'is required when you object' })]);
  });

  it.each([
    ['backbone_staff', 'decisions.decide', true],
    ['partner_admin', 'decisions.propose', true],
    ['partner_admin', 'decisions.decide', false],
    ['partner_contributor', 'decisions.propose', false],
    ['partner_contributor', 'decisions.discuss', true],
    ['partner_contributor', 'learning.write', true],
    ['funder', 'learning.write', false],
    ['funder', 'decisions.discuss', false],
  ] as const)('%s has %s: %s', (role, permission, expected) => {
    expect(roleHas(role, permission)).toBe(expected);
  });
});
