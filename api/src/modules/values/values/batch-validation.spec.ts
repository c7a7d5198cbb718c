import { PeriodLockCheck } from '../common/period-lock-check';
import { type BatchContext, commitmentKey, identityKey, validateBatch } from './batch-validation';
import type { IndicatorRow, ValueRow } from './values.repository';

const IND = '11111111-1111-4111-8111-111111111111';
const P = '22222222-2222-4222-8222-222222222222';

function context(over: Partial<IndicatorRow> = {}, dims: Array<{ key: string; categories: string[] }> = [], stored: ValueRow[] = []): BatchContext {
  const indicator: IndicatorRow = { id: IND, code: 'C1', valueType: 'count', periodicity: 'quarter', aggregationAcross: 'sum', status: 'active', minValue: null, maxValue: null, ...over };
  return {
    fiscalYearStartMonth: 1,
    indicators: new Map([[IND, indicator]]),
    dimensions: new Map([[IND, dims.map((d) => ({ indicatorId: IND, ...d }))]]),
    commitments: new Map([[commitmentKey(P, IND), { partnerId: P, indicatorId: IND, startPeriod: '2020-01', endPeriod: null }]]),
    activities: new Map(),
    locks: new PeriodLockCheck([], 1),
    stored: new Map(stored.map((v) => [identityKey(v), v])),
  };
}
const row = (extra: object = {}) => ({ indicatorId: IND, partnerId: P, period: '2025-Q1', value: 5, ...extra });

describe('validateBatch', () => {
  it.each([
    [{ period: '2025' }, 'values.0.period', 'must be a quarter: this indicator is reported quarterly'],
    [{ value: 'NaN' }, 'values.0.value', 'is not a number'],
    [{ value: -1 }, 'values.0.value', 'must not be negative for a count'],
    [{ value: 1.5 }, 'values.0.value', 'must be a whole number for a count'],
    [{ cell: { age: '0-4' } }, 'values.0.cell', 'must be "total": this indicator has no disaggregation'],
  ])('%j → %s %s', (extra, path, message) => {
    const { issues } = validateBatch([row(extra)], context());
    expect(issues.map(({ path: p, message: m }) => ({ path: p, message: m }))).toEqual([{ path, message }]);
  });

  it('canonicalises cells in dimension order and reads numbers exactly', () => {
    const { issues, prepared } = validateBatch(
      [row({ cell: { sex: 'f', age: '0-4' }, value: '1e3' })],
      context({}, [
        { key: 'age', categories: ['0-4', '5-9'] },
        { key: 'sex', categories: ['f', 'm'] },
      ]),
    );
    expect(issues).toEqual([]);
    expect(prepared[0]).toMatchObject({ cell: 'age=0-4;sex=f', value: '1000', period: '2025-Q1' });
  });

  it('checks a total against the aggregate of a full ratio breakdown (Σnum/Σden)', () => {
    const ctx = context({ valueType: 'percentage', aggregationAcross: 'ratio' }, [{ key: 'sex', categories: ['f', 'm'] }]);
    const rows = [
      { indicatorId: IND, partnerId: P, period: '2025-Q1', numerator: 3, denominator: 10 },
      { indicatorId: IND, partnerId: P, period: '2025-Q1', cell: { sex: 'f' }, numerator: 1, denominator: 4 },
      { indicatorId: IND, partnerId: P, period: '2025-Q1', cell: { sex: 'm' }, numerator: 2, denominator: 6 },
    ];
    expect(validateBatch(rows, ctx).issues).toEqual([]);
    rows[0] = { ...rows[0]!, numerator: 4 };
    expect(validateBatch(rows, ctx).issues).toEqual([expect.objectContaining({ path: 'values.0.numerator', kind: 'invalid' })]);
  });

  it('a stale expectedVersion is a conflict', () => {
    const stored = { id: 'v', indicatorId: IND, partnerId: P, period: '2025-Q1', cell: 'total', activityId: null, version: 3 } as ValueRow;
    const { issues } = validateBatch([row({ expectedVersion: 2 })], context({}, [], [stored]));
    expect(issues).toEqual([expect.objectContaining({ path: 'values.0.expectedVersion', kind: 'conflict' })]);
  });
});
