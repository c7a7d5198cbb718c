import {
  csvCell,
  formatValue,
  granularitiesFor,
  nextMilestone,
  percentToward,
  toCsv,
  worstStatus,
} from './model';

describe('dashboard model', () => {
  it('offers the indicator’s periodicity and coarser, never finer', () => {
    expect(granularitiesFor('month')).toEqual(['month', 'quarter', 'year']);
    expect(granularitiesFor('quarter')).toEqual(['quarter', 'year']);
    expect(granularitiesFor('year')).toEqual(['year']);
  });

  it('measures the way from baseline to target for increases and decreases, clamped', () => {
    expect(percentToward('50', '0', '100')).toBe(50);
    expect(percentToward('80', '100', '60')).toBe(50); // a decrease: 100 → 60, now 80
    expect(percentToward('150', '0', '100')).toBe(100);
    expect(percentToward('-5', '0', '100')).toBe(0);
    expect(percentToward(null, '0', '100')).toBeNull();
    expect(percentToward('5', '5', '5')).toBe(100);
  });

  it('picks the first milestone not met, in period order', () => {
    const targets = [
      { period: '2027', value: '30', kind: 'milestone' },
      { period: '2026', value: '20', kind: 'milestone' },
      { period: '2030', value: '90', kind: 'long_term' },
    ];
    const cmp = (a: string, b: string) => a.localeCompare(b);
    expect(nextMilestone(targets, (t) => t.period === '2026', cmp)?.period).toBe('2027');
    expect(nextMilestone(targets, () => true, cmp)).toBeNull();
  });

  it('summarises a goal by its worst status with data', () => {
    expect(worstStatus(['on_track', 'at_risk', 'no_data'])).toBe('at_risk');
    expect(worstStatus(['no_data'])).toBe('no_data');
    expect(worstStatus(['on_track', 'off_track'])).toBe('off_track');
  });

  it('never writes a cell a spreadsheet would execute, and quotes separators', () => {
    expect(csvCell('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvCell('+44 20')).toBe("'+44 20");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-1.5')).toBe('-1.5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(toCsv(['Period', 'Value'], [['Q1 2026', 12]])).toBe('Period,Value\r\nQ1 2026,12\r\n');
  });
});

describe('formatValue', () => {
  it('shows percentages with one decimal and other values with at most two, with the unit', () => {
    expect(formatValue('66.14', '%', 'percentage')).toBe('66.1%');
    expect(formatValue('11.93548', 'children per worker', 'ratio')).toBe('11.94 children per worker');
    expect(formatValue('1661400', 'GBP', 'amount')).toBe('1,661,400 GBP');
    expect(formatValue(null, 'GBP', 'amount')).toBe('');
  });
});
