import { describeCounts } from './report-state-text';

const counts = (o: Partial<Record<'expected' | 'approved' | 'submitted' | 'returned' | 'missing' | 'notDue' | 'draft', number>>) => ({
  expected: 0,
  approved: 0,
  submitted: 0,
  returned: 0,
  missing: 0,
  notDue: 0,
  draft: 0,
  ...o,
});

describe('describeCounts', () => {
  it('says a cell in words: its state, then how many reports are in each state', () => {
    expect(describeCounts('missing', counts({ expected: 3, approved: 2, missing: 1, draft: 1 }))).toBe('Missing of 3 reports: 2 approved, 1 missing (1 in draft)');
    expect(describeCounts('not_due', counts({ expected: 3, approved: 1, notDue: 2 }))).toBe('Not due yet of 3 reports: 1 approved, 2 not due yet');
    expect(describeCounts('submitted', counts({ expected: 2, submitted: 1, returned: 0, approved: 1 }))).toBe('Submitted of 2 reports: 1 approved, 1 submitted');
  });

  it('a single report is its state alone; nothing expected says so', () => {
    expect(describeCounts('approved', counts({ expected: 1, approved: 1 }))).toBe('Approved');
    expect(describeCounts('missing', counts({ expected: 1, missing: 1, draft: 1 }))).toBe('Missing (a draft is saved)');
    expect(describeCounts('not_expected', counts({}))).toBe('Not expected');
  });
});
