import { formatPeriodKey, looksLikePeriodKey, parsePeriodKey, PeriodKeyError, requirePeriod } from './keys';

describe('parsePeriodKey', () => {
  it.each([
    // key, fy start, granularity, canonical key, start, end
    ['2026-03', 1, 'month', '2026-03', '2026-03', '2026-03'],
    ['2026-03', 4, 'month', '2026-03', '2026-03', '2026-03'],
    ['2026-Q1', 1, 'quarter', '2026-Q1', '2026-01', '2026-03'],
    ['2026-Q4', 1, 'quarter', '2026-Q4', '2026-10', '2026-12'],
    ['2026', 1, 'year', '2026', '2026-01', '2026-12'],
    ['FY2025', 4, 'year', 'FY2025', '2025-04', '2026-03'],
    ['FY2025-Q1', 4, 'quarter', 'FY2025-Q1', '2025-04', '2025-06'],
    ['FY2025-Q4', 4, 'quarter', 'FY2025-Q4', '2026-01', '2026-03'],
    ['FY2025-Q3', 7, 'quarter', 'FY2025-Q3', '2026-01', '2026-03'],
    ['FY2025', 12, 'year', 'FY2025', '2025-12', '2026-11'],
    ['FY2025-Q1', 12, 'quarter', 'FY2025-Q1', '2025-12', '2026-02'],
    [' fy2025-q2 ', 2, 'quarter', 'FY2025-Q2', '2025-05', '2025-07'],
    ['2026-q3', 1, 'quarter', '2026-Q3', '2026-07', '2026-09'],
  ])('%s with fiscal start %i is a %s %s from %s to %s', (key, fy, granularity, canonical, start, end) => {
    const result = parsePeriodKey(key, fy);
    if (!result.ok) throw new Error(result.error);
    expect(result.period).toMatchObject({ granularity, key: canonical, startMonth: start, endMonth: end });
  });

  it('describes the parts of a fiscal quarter', () => {
    expect(requirePeriod('FY2025-Q2', 4)).toMatchObject({
      fiscal: true,
      year: 2025,
      quarter: 2,
      month: null,
    });
    expect(requirePeriod('2026-03', 4)).toMatchObject({ fiscal: false, year: 2026, quarter: null, month: 3 });
  });

  it.each([
    ['', 1, 'must be a period like 2026-03, 2026-Q1 or 2026'],
    ['March 2026', 1, 'must be a period like 2026-03, 2026-Q1 or 2026'],
    ['2026-3', 1, 'must be a period like 2026-03, 2026-Q1 or 2026'],
    ['2026-03-01', 1, 'must be a period like 2026-03, 2026-Q1 or 2026'],
    ['26', 1, 'must be a period like 2026-03, 2026-Q1 or 2026'],
    ['2026-H1', 1, 'must be a period like 2026-03, 2026-Q1 or 2026'],
    ['FY 2025', 4, 'must be a period like 2026-03, FY2026-Q1 or FY2026'],
    ['2026-13', 1, 'has no month 13: months are 01 to 12 (must be a period like 2026-03, 2026-Q1 or 2026)'],
    ['2026-00', 1, 'has no month 00: months are 01 to 12 (must be a period like 2026-03, 2026-Q1 or 2026)'],
    [
      '2026-Q5',
      1,
      'has no quarter 5: quarters are Q1 to Q4 (must be a period like 2026-03, 2026-Q1 or 2026)',
    ],
    [
      '2026-Q0',
      1,
      'has no quarter 0: quarters are Q1 to Q4 (must be a period like 2026-03, 2026-Q1 or 2026)',
    ],
    ['1899', 1, 'must be in the years 1900 to 2199'],
    ['2200-01', 1, 'must be in the years 1900 to 2199'],
  ])('rejects %j (fiscal start %i): %s', (key, fy, error) => {
    expect(parsePeriodKey(key, fy)).toEqual({ ok: false, error });
  });

  it('accepts the fiscal year that starts in the December before 1900 (it holds January 1900)', () => {
    expect(parsePeriodKey('FY1899', 12)).toMatchObject({
      ok: true,
      period: { startMonth: '1899-12', endMonth: '1900-11' },
    });
  });

  it('rejects values that are not strings', () => {
    expect(parsePeriodKey(2026, 1)).toEqual({
      ok: false,
      error: 'must be a period like 2026-03, 2026-Q1 or 2026',
    });
    expect(parsePeriodKey(null, 4).ok).toBe(false);
  });

  it('rejects a calendar quarter in a fiscal collaboration and says to use FY keys', () => {
    expect(parsePeriodKey('2026-Q1', 4)).toEqual({
      ok: false,
      error:
        "is a calendar quarter, but this collaboration's fiscal year starts in Apr: use fiscal-year keys such as FY2025-Q4 (Jan 2026 – Mar 2026)",
    });
    // A start month that is not a calendar quarter boundary: the suggestion is the fiscal quarter containing its start.
    expect(parsePeriodKey('2026-Q1', 2)).toMatchObject({
      error: expect.stringContaining('such as FY2025-Q4 (Nov 2025 – Jan 2026)'),
    });
  });

  it('rejects a calendar year in a fiscal collaboration and says to use FY keys', () => {
    expect(parsePeriodKey('2026', 4)).toEqual({
      ok: false,
      error:
        "is a calendar year, but this collaboration's fiscal year starts in Apr: use fiscal-year keys such as FY2026 (Apr 2026 – Mar 2027)",
    });
  });

  it('rejects FY keys in a calendar-year collaboration and says to use calendar keys', () => {
    expect(parsePeriodKey('FY2025-Q1', 1)).toEqual({
      ok: false,
      error:
        "is a fiscal-year key, but this collaboration's year starts in January: use calendar keys such as 2025-Q1 (Jan 2025 – Mar 2025)",
    });
    expect(parsePeriodKey('FY2025', 1)).toMatchObject({
      error: expect.stringContaining('such as 2025 (Jan 2025 – Dec 2025)'),
    });
  });

  it('refuses a fiscal-year start month outside 1-12', () => {
    expect(() => parsePeriodKey('2026', 0)).toThrow(RangeError);
    expect(() => parsePeriodKey('2026', 13)).toThrow(RangeError);
    expect(() => parsePeriodKey('2026', 1.5)).toThrow(RangeError);
  });
});

describe('formatPeriodKey', () => {
  it.each([
    [{ granularity: 'month', year: 2026, month: 3 } as const, 1, '2026-03'],
    [{ granularity: 'month', year: 2026, month: 11 } as const, 4, '2026-11'],
    [{ granularity: 'quarter', year: 2026, quarter: 1 } as const, 1, '2026-Q1'],
    [{ granularity: 'quarter', year: 2025, quarter: 1 } as const, 4, 'FY2025-Q1'],
    [{ granularity: 'year', year: 2026 } as const, 1, '2026'],
    [{ granularity: 'year', year: 2025 } as const, 4, 'FY2025'],
  ])('%j with fiscal start %i → %s', (parts, fy, key) => {
    expect(formatPeriodKey(parts, fy)).toBe(key);
  });
});

describe('requirePeriod', () => {
  it('throws a PeriodKeyError naming the key', () => {
    expect(() => requirePeriod('2026-Q1', 4)).toThrow(PeriodKeyError);
    expect(() => requirePeriod('nope', 1)).toThrow(
      'Period "nope" must be a period like 2026-03, 2026-Q1 or 2026',
    );
  });
});

describe('looksLikePeriodKey', () => {
  it.each([
    ['2026-03', true],
    ['2026-Q1', true],
    ['2026', true],
    ['FY2025-Q1', true],
    ['fy2025', true],
    ['2026/27', false],
    ['Q1 2026', false],
  ])('%s → %s', (key, expected) => {
    expect(looksLikePeriodKey(key)).toBe(expected);
  });
});
