import fc from 'fast-check';
import { DEFAULT_STATUS_BANDS, progressFor, progressStatus } from './progress';
import type { TargetDefinition } from './targets';

describe('progressStatus', () => {
  it.each([
    // direction, actual, baseline, target, status, ratio
    ['increase', null, 100, 200, 'no_data', null],
    ['increase', 200, 100, 200, 'on_track', 1],
    ['increase', 250, 100, 200, 'on_track', 1.5],
    ['increase', 195, 100, 200, 'on_track', 0.95], // exactly on the band
    ['increase', 194.9, 100, 200, 'at_risk', 0.949],
    ['increase', 180, 100, 200, 'at_risk', 0.8], // exactly on the band
    ['increase', 179, 100, 200, 'off_track', 0.79],
    ['increase', 90, 100, 200, 'off_track', -0.1],
    ['decrease', 50, 100, 50, 'on_track', 1],
    ['decrease', 52.5, 100, 50, 'on_track', 0.95],
    ['decrease', 60, 100, 50, 'at_risk', 0.8],
    ['decrease', 70, 100, 50, 'off_track', 0.6],
    ['decrease', 110, 100, 50, 'off_track', -0.2],
    // Target equals the baseline: on track unless on the wrong side of it.
    ['increase', 100, 100, 100, 'on_track', null],
    ['increase', 101, 100, 100, 'on_track', null],
    ['increase', 99, 100, 100, 'off_track', null],
    ['decrease', 99, 100, 100, 'on_track', null],
    ['decrease', 101, 100, 100, 'off_track', null],
    // A planned step back (target on the bad side of the baseline): judged against the target.
    ['increase', 95, 100, 90, 'on_track', 0.5],
    ['increase', 80, 100, 90, 'off_track', 2],
  ] as const)(
    '%s: actual %p, baseline %p, target %p → %s',
    (direction, actual, baseline, target, status, ratio) => {
      const result = progressStatus(direction, { actual, baseline, target });
      expect(result.status).toBe(status);
      if (ratio === null) expect(result.ratio).toBeNull();
      else expect(result.ratio).toBeCloseTo(ratio, 12);
    },
  );

  it('uses configurable bands', () => {
    const bands = { onTrack: 0.9, atRisk: 0.5 };
    expect(progressStatus('increase', { actual: 160, baseline: 100, target: 200 }, bands).status).toBe(
      'at_risk',
    );
    expect(progressStatus('increase', { actual: 190, baseline: 100, target: 200 }, bands).status).toBe(
      'on_track',
    );
    expect(progressStatus('increase', { actual: 140, baseline: 100, target: 200 }, bands).status).toBe(
      'off_track',
    );
    expect(DEFAULT_STATUS_BANDS).toEqual({ onTrack: 0.95, atRisk: 0.8 });
  });

  it('is the same for a decrease indicator as for the mirrored increase indicator', () => {
    const n = fc.integer({ min: -10_000, max: 10_000 });
    fc.assert(
      fc.property(fc.option(n, { nil: null }), n, n, (actual, baseline, target) => {
        const up = progressStatus('increase', { actual, baseline, target });
        const down = progressStatus('decrease', {
          actual: actual === null ? null : -actual,
          baseline: -baseline,
          target: -target,
        });
        expect(down).toEqual(up);
      }),
    );
  });

  it('a better actual never gets a worse status', () => {
    const rank = { off_track: 0, at_risk: 1, on_track: 2, no_data: -1 };
    const n = fc.integer({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(n, fc.nat(500), n, n, (actual, more, baseline, target) => {
        const a = progressStatus('increase', { actual, baseline, target }).status;
        const b = progressStatus('increase', { actual: actual + more, baseline, target }).status;
        expect(rank[b]).toBeGreaterThanOrEqual(rank[a]);
      }),
    );
  });
});

describe('progressFor', () => {
  const def: TargetDefinition = {
    direction: 'increase',
    baseline: { value: '100', period: '2024' },
    targets: [
      { period: '2025', value: '160', kind: 'milestone' },
      { period: '2028', value: '400', kind: 'long_term' },
    ],
  };

  it('gives actual, interpolated target, percent of the way to the long-term target and status', () => {
    expect(progressFor(def, '2025-Q2', '125', 1)).toEqual({
      period: '2025-Q2',
      actual: '125',
      baseline: '100',
      target: '130',
      longTermTarget: '400',
      percentOfWay: 25 / 3,
      ratio: 25 / 30,
      status: 'at_risk',
    });
  });

  it('has no data without an actual', () => {
    expect(progressFor(def, '2026', null, 1)).toMatchObject({
      status: 'no_data',
      percentOfWay: null,
      ratio: null,
      target: '240',
    });
  });

  it('percent of the way is measured to the long-term target, for decreases too', () => {
    const down: TargetDefinition = {
      direction: 'decrease',
      baseline: { value: 50, period: '2024' },
      targets: [{ period: '2030', value: 20, kind: 'long_term' }],
    };
    expect(progressFor(down, '2030', 35, 1).percentOfWay).toBe(50);
    expect(progressFor(down, '2030', 55, 1).percentOfWay).toBeCloseTo(-16.666666666667, 9);
  });

  it('has no percent of the way when the long-term target is the baseline', () => {
    const hold: TargetDefinition = { ...def, targets: [{ period: '2028', value: '100', kind: 'long_term' }] };
    expect(progressFor(hold, '2026', '100', 1)).toMatchObject({ percentOfWay: null, status: 'on_track' });
  });
});
