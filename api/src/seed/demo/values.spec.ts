import {
  ALL_PARTNERS,
  computeRollups,
  isValidFor,
  progressFor,
  requirePeriod,
  validateValue,
} from '@constellation/shared';
import { COMMITMENTS } from './commitments';
import { DEMO_INDICATORS, demoIndicator } from './indicators';
import { buildDemoValues, demoPeriods, FISCAL_YEAR_START_MONTH, TOTAL } from './values';

const NOW = new Date('2026-11-28T12:00:00Z');

describe('demo values', () => {
  const built = buildDemoValues(NOW);

  it('covers the last three complete years at each periodicity', () => {
    expect(demoPeriods(NOW, 'month')).toHaveLength(36);
    expect(demoPeriods(NOW, 'month').at(-1)).toBe('2026-10');
    expect(demoPeriods(NOW, 'month')[0]).toBe('2023-11');
    expect(demoPeriods(NOW, 'quarter').at(-1)).toBe('FY2026-Q2');
    expect(demoPeriods(NOW, 'quarter')).toHaveLength(12);
    expect(demoPeriods(NOW, 'year')).toEqual(['FY2023', 'FY2024', 'FY2025']);
  });

  it('is deterministic for a given now', () => {
    const again = buildDemoValues(NOW);
    expect(again.values).toEqual(built.values);
    expect(again.revisions).toEqual(built.revisions);
  });

  it('gives only values the api accepts, in committed indicators and valid periods, once per cell', () => {
    const seen = new Set<string>();
    for (const v of built.values) {
      const ind = demoIndicator(v.code);
      expect([v.code, validateValue(ind.valueType, v)]).toEqual([v.code, null]);
      expect(isValidFor(v.period, ind.periodicity, FISCAL_YEAR_START_MONTH)).toBe(true);
      expect(COMMITMENTS[v.partner]).toContain(v.code);
      const key = `${v.code}|${v.partner}|${v.period}|${v.cell}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      if (ind.minValue != null && v.value !== null)
        expect(Number(v.value)).toBeGreaterThanOrEqual(Number(ind.minValue));
      if (ind.maxValue != null && v.value !== null)
        expect(Number(v.value)).toBeLessThanOrEqual(Number(ind.maxValue));
      expect(v.createdAt.getTime()).toBeLessThan(NOW.getTime());
      expect(v.updatedAt.getTime()).toBeLessThan(NOW.getTime());
      expect(v.updatedAt.getTime()).toBeGreaterThanOrEqual(v.createdAt.getTime());
    }
  });

  it('keeps every total equal to the aggregate of its cells', () => {
    const groups = new Map<string, typeof built.values>();
    for (const v of built.values) {
      const k = `${v.code}|${v.partner}|${v.period}`;
      groups.set(k, [...(groups.get(k) ?? []), v]);
    }
    let checked = 0;
    for (const rows of groups.values()) {
      const total = rows.find((r) => r.cell === TOTAL)!;
      const cells = rows.filter((r) => r.cell !== TOTAL);
      if (cells.length === 0) continue;
      checked++;
      const sum = (f: 'value' | 'numerator' | 'denominator') => cells.reduce((a, c) => a + Number(c[f]), 0);
      if (total.value !== null) expect(Number(total.value)).toBe(sum('value'));
      else {
        expect(Number(total.numerator)).toBe(sum('numerator'));
        expect(Number(total.denominator)).toBe(sum('denominator'));
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('tells the story: mostly approved, the latest period in progress, one return, revisions, a gap', () => {
    const statuses = new Set(built.values.map((v) => v.status));
    expect([...statuses].sort()).toEqual(['approved', 'draft', 'returned', 'submitted']);
    const approved = built.values.filter((v) => v.status === 'approved').length;
    expect(approved / built.values.length).toBeGreaterThan(0.9);
    expect(built.values.filter((v) => v.status === 'returned')).toHaveLength(1);
    expect(built.revisions.some((r) => r.action === 'update' && r.before && r.after)).toBe(true);
    expect(built.missing).toEqual([
      { code: 'SERVE-01', partner: 'millbrook-youth', periods: ['2026-05', '2026-06'] },
    ]);
    expect(DEMO_INDICATORS.length).toBeGreaterThanOrEqual(12);
    // values per revised value match its history
    for (const r of built.revisions) {
      const v = built.values.find((x) => x.id === r.valueId)!;
      expect(r.version).toBeLessThanOrEqual(v.version);
    }
  });

  it.each([
    NOW,
    new Date('2027-02-10T09:00:00Z'),
    new Date('2027-07-01T09:00:00Z'),
    new Date('2028-04-20T09:00:00Z'),
  ])(
    'tells each indicator’s story through the real aggregation: on track, one at risk, one off track (now %s)',
    (now) => {
      const built = buildDemoValues(now);
      const rollups = computeRollups({
        indicators: DEMO_INDICATORS.map((i) => ({ ...i, id: i.code })),
        values: built.values.map((v) => ({ ...v, indicatorId: v.code, partnerId: v.partner })),
        requiresApproval: true,
        fiscalYearStartMonth: FISCAL_YEAR_START_MONTH,
      });
      // The latest year whose values are all reviewed: not one that ends with the month or
      // quarter still being reported.
      const years = demoPeriods(now, 'year');
      const inProgress = demoPeriods(now, 'month').at(-1)!;
      const lastYear =
        requirePeriod(years.at(-1)!, FISCAL_YEAR_START_MONTH).endMonth === inProgress
          ? years.at(-2)!
          : years.at(-1)!;
      const status = Object.fromEntries(
        DEMO_INDICATORS.map((ind) => {
          const r = rollups.find(
            (x) =>
              x.indicatorId === ind.code &&
              x.period === lastYear &&
              x.cell === TOTAL &&
              x.scope === ALL_PARTNERS,
          );
          return [ind.code, progressFor(ind, lastYear, r?.aggregate ?? null, FISCAL_YEAR_START_MONTH).status];
        }),
      );
      const expected = Object.fromEntries(DEMO_INDICATORS.map((i) => [i.code, i.placement.story]));
      expect(status).toEqual(expected);
    },
  );
});
