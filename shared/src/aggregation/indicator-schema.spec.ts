// Tests for shared/src/schemas/indicator.ts (kept here so they run with the aggregation suite).
import { zodDetails } from '../format';
import {
  indicatorInputSchema,
  indicatorInputSchemaFor,
  periodKeySchema,
  statusBandsSchema,
  validateValue,
  valueIssues,
} from '../schemas/indicator';

const indicator = {
  code: 'EDU-1',
  name: 'Children ready for school',
  definition: 'Children assessed as school-ready at reception entry.',
  unit: 'children',
  valueType: 'count',
  direction: 'increase',
  periodicity: 'month',
  aggregationAcrossPartners: 'sum',
  aggregationOverTime: 'sum',
  dimensions: [],
  baseline: { value: 100, period: 'FY2024' },
  targets: [
    { period: 'FY2025', value: '150', kind: 'milestone' },
    { period: 'FY2027', value: 300, kind: 'long_term' },
  ],
  dataSource: 'Early years foundation stage profile',
  measureType: 'population',
};

function details(result: { success: boolean; error?: unknown }) {
  if (result.success) throw new Error('expected a failure');
  return zodDetails(result.error as never);
}

describe('indicatorInputSchema', () => {
  it('accepts a complete indicator and normalises numbers to decimal strings and keys to upper case', () => {
    const parsed = indicatorInputSchemaFor(4).parse({
      ...indicator,
      baseline: { value: '100.50', period: 'fy2024' },
    });
    expect(parsed.baseline).toEqual({ value: '100.5', period: 'FY2024' });
    expect(parsed.targets.map((t) => t.value)).toEqual(['150', '300']);
  });

  it('rejects unknown fields and names them', () => {
    expect(details(indicatorInputSchema.safeParse({ ...indicator, colour: 'red' }))).toEqual([
      { path: '', message: 'unknown field: colour' },
    ]);
    expect(
      details(
        indicatorInputSchema.safeParse({ ...indicator, baseline: { ...indicator.baseline, note: 'x' } }),
      ),
    ).toEqual([{ path: 'baseline', message: 'unknown field: note' }]);
  });

  it('names the field path of every bad field at once', () => {
    const d = details(
      indicatorInputSchema.safeParse({
        ...indicator,
        code: 'a b',
        valueType: 'fraction',
        baseline: { value: '1,234', period: 'last year' },
        targets: [{ period: '2027', value: 'NaN', kind: 'goal' }],
      }),
    );
    expect(d).toEqual([
      { path: 'code', message: expect.stringContaining('may contain only letters, digits') },
      { path: 'valueType', message: 'must be one of count, amount, percentage, ratio' },
      { path: 'baseline.value', message: expect.stringContaining('is ambiguous') },
      {
        path: 'baseline.period',
        message: 'must be a period like 2026-03, 2026-Q1, 2026, FY2025-Q1 or FY2025',
      },
      { path: 'targets.0.value', message: 'is not a number' },
      { path: 'targets.0.kind', message: 'must be one of milestone, long_term' },
    ]);
  });

  it('requires ratio aggregation for percentage and ratio indicators, and only for them', () => {
    const percent = { ...indicator, valueType: 'percentage', baseline: { value: 40, period: 'FY2024' } };
    percent.targets = [{ period: 'FY2027', value: 80, kind: 'long_term' }];
    expect(
      details(indicatorInputSchema.safeParse({ ...percent, aggregationAcrossPartners: 'average' })),
    ).toEqual([
      {
        path: 'aggregationAcrossPartners',
        message:
          'must be ratio for a percentage indicator: partners aggregate as Σnumerator/Σdenominator, never as the average of their percentages',
      },
    ]);
    expect(indicatorInputSchema.safeParse({ ...percent, aggregationAcrossPartners: 'ratio' }).success).toBe(
      true,
    );
    expect(
      details(indicatorInputSchema.safeParse({ ...indicator, aggregationAcrossPartners: 'ratio' }))[0].path,
    ).toBe('aggregationAcrossPartners');
  });

  it('requires exactly one long-term target', () => {
    const none = { ...indicator, targets: [{ period: 'FY2025', value: 1, kind: 'milestone' }] };
    expect(details(indicatorInputSchema.safeParse(none))).toEqual([
      { path: 'targets', message: 'must include exactly one long-term target (kind long_term)' },
    ]);
    const two = {
      ...indicator,
      targets: [...indicator.targets, { period: 'FY2028', value: 400, kind: 'long_term' }],
    };
    expect(details(indicatorInputSchema.safeParse(two))).toEqual([
      { path: 'targets.2.kind', message: 'is a second long-term target: an indicator has exactly one' },
    ]);
    expect(details(indicatorInputSchema.safeParse({ ...indicator, targets: [] }))).toEqual([
      { path: 'targets', message: 'must include the long-term target' },
    ]);
  });

  it('requires target periods to be unique', () => {
    const dup = {
      ...indicator,
      targets: [{ period: 'fy2027', value: 200, kind: 'milestone' }, indicator.targets[1]],
    };
    expect(details(indicatorInputSchema.safeParse(dup))).toEqual([
      { path: 'targets.1.period', message: 'is already used by targets.0: each period has one target' },
    ]);
  });

  it('refuses values the value type forbids and a long-term target on the wrong side of the baseline', () => {
    const d = details(
      indicatorInputSchema.safeParse({
        ...indicator,
        baseline: { value: -1, period: 'FY2024' },
        targets: [{ period: 'FY2027', value: -5, kind: 'long_term' }],
      }),
    );
    expect(d).toEqual([
      { path: 'baseline.value', message: 'must not be negative for a count indicator' },
      { path: 'targets.0.value', message: 'must not be negative for a count indicator' },
      {
        path: 'targets.0.value',
        message: 'is below the baseline (-1), but an increase is better for this indicator',
      },
    ]);
    const decrease = { ...indicator, direction: 'decrease' };
    expect(details(indicatorInputSchema.safeParse(decrease))).toEqual([
      {
        path: 'targets.1.value',
        message: 'is above the baseline (100), but a decrease is better for this indicator',
      },
    ]);
    const percent = {
      ...indicator,
      valueType: 'percentage',
      aggregationAcrossPartners: 'ratio',
      targets: [{ period: 'FY2027', value: 120, kind: 'long_term' }],
    };
    expect(details(indicatorInputSchema.safeParse(percent))).toEqual([
      { path: 'targets.0.value', message: 'must be a percentage between 0 and 100' },
    ]);
  });

  it('allows a target equal to the baseline (hold the line)', () => {
    const hold = { ...indicator, targets: [{ period: 'FY2027', value: 100, kind: 'long_term' }] };
    expect(indicatorInputSchemaFor(4).safeParse(hold).success).toBe(true);
  });

  it('rejects duplicate dimensions', () => {
    const id = '7d1f3c57-2a6b-4f8e-9c1d-0b5e6a7f8c9d';
    expect(details(indicatorInputSchema.safeParse({ ...indicator, dimensions: [id, id] }))).toEqual([
      { path: 'dimensions.1', message: 'is listed twice' },
    ]);
  });
});

describe('indicatorInputSchemaFor(fiscal start)', () => {
  it('checks period keys against the fiscal year', () => {
    const d = details(indicatorInputSchemaFor(1).safeParse(indicator));
    expect(d.map((x) => x.path)).toEqual(['baseline.period', 'targets.0.period', 'targets.1.period']);
    expect(d[0].message).toContain("is a fiscal-year key, but this collaboration's year starts in January");
  });

  it('refuses baselines and targets finer than the periodicity', () => {
    const quarterly = { ...indicator, periodicity: 'quarter', baseline: { value: 100, period: '2025-03' } };
    expect(details(indicatorInputSchemaFor(4).safeParse(quarterly))).toEqual([
      {
        path: 'baseline.period',
        message: 'must be a quarter or a year: this indicator is reported quarterly',
      },
    ]);
  });

  it('requires milestones to end before the long-term target and targets after the baseline', () => {
    const late = {
      ...indicator,
      targets: [
        { period: 'FY2023', value: 120, kind: 'milestone' },
        { period: 'FY2027-Q4', value: 140, kind: 'milestone' },
        { period: 'FY2027', value: 300, kind: 'long_term' },
      ],
    };
    expect(details(indicatorInputSchemaFor(4).safeParse(late))).toEqual([
      { path: 'targets.0.period', message: 'must end after the baseline period (FY2024)' },
      { path: 'targets.1.period', message: "must end before the long-term target's period (FY2027)" },
    ]);
  });

  it('refuses two targets that end in the same month', () => {
    const clash = {
      ...indicator,
      targets: [
        { period: 'FY2025', value: 120, kind: 'milestone' },
        { period: 'FY2025-Q4', value: 130, kind: 'milestone' },
        { period: 'FY2027', value: 300, kind: 'long_term' },
      ],
    };
    expect(details(indicatorInputSchemaFor(4).safeParse(clash))).toEqual([
      {
        path: 'targets.1.period',
        message: 'ends in the same month as targets.0 (FY2025); targets need different end dates',
      },
    ]);
  });
});

describe('periodKeySchema', () => {
  it('canonicalises and checks the periodicity of a value period', () => {
    expect(periodKeySchema(4, 'quarter').parse(' fy2025-q1')).toBe('FY2025-Q1');
    expect(details(periodKeySchema(4, 'quarter').safeParse('2025-06'))).toEqual([
      { path: '', message: 'must be a quarter: this indicator is reported quarterly' },
    ]);
    expect(details(periodKeySchema(4).safeParse('2026-Q1'))[0].message).toContain('use fiscal-year keys');
  });
});

describe('validateValue', () => {
  it.each([
    ['count', { value: '12' }, null],
    ['count', { value: 0 }, null],
    ['count', { value: '-1' }, 'value must not be negative for a count'],
    ['count', { value: '1.5' }, 'value must be a whole number for a count'],
    ['count', { value: '' }, 'value is required'],
    ['count', {}, 'value is required'],
    [
      'count',
      { value: 3, numerator: 1 },
      'numerator is only for percentage and ratio indicators; give value',
    ],
    ['amount', { value: '-250.75' }, null],
    ['amount', { value: Number.POSITIVE_INFINITY }, 'value must be a finite number'],
    ['amount', { value: '1e309' }, 'value is too large: at most 15 digits before the decimal point'],
    ['percentage', { numerator: 36, denominator: 50 }, null],
    ['percentage', { numerator: 50, denominator: 50 }, null],
    ['percentage', { numerator: 0, denominator: 50 }, null],
    [
      'percentage',
      { numerator: 51, denominator: 50 },
      'numerator must not be greater than the denominator for a percentage',
    ],
    ['percentage', { numerator: -1, denominator: 50 }, 'numerator must not be negative for a percentage'],
    ['percentage', { numerator: 1, denominator: 0 }, 'denominator must be greater than 0'],
    [
      'percentage',
      { value: 72 },
      'value is not used for a percentage indicator; give numerator and denominator',
    ],
    [
      'percentage',
      { numerator: '72%', denominator: 100 },
      'numerator must be a plain number without a % sign: for 72% enter 72',
    ],
    ['ratio', { numerator: 300, denominator: 12 }, null],
    ['ratio', { numerator: -3, denominator: 12 }, null],
    ['ratio', { numerator: 3, denominator: 0 }, 'denominator must be greater than 0'],
    ['ratio', { numerator: 3, denominator: -2 }, 'denominator must be greater than 0'],
    ['ratio', { numerator: 3 }, 'denominator is required'],
  ] as const)('%s %j → %s', (valueType, fields, expected) => {
    expect(validateValue(valueType, fields)).toBe(expected);
  });

  it('reads decimal commas when the collaboration uses them', () => {
    expect(validateValue('amount', { value: '1.234,5' }, { decimalComma: true })).toBeNull();
    expect(valueIssues('count', { value: '1,5' }, { decimalComma: true })).toEqual([
      { path: 'value', message: 'must be a whole number for a count' },
    ]);
  });

  it('reports every problem with its field', () => {
    expect(valueIssues('percentage', { value: 1, numerator: 'x', denominator: 0 })).toEqual([
      { path: 'value', message: 'is not used for a percentage indicator; give numerator and denominator' },
      { path: 'numerator', message: 'must be a number like 1234.5, without units or currency signs' },
      { path: 'denominator', message: 'must be greater than 0' },
    ]);
  });
});

describe('statusBandsSchema', () => {
  it('accepts the defaults and refuses an at-risk band above the on-track band', () => {
    expect(statusBandsSchema.parse({ onTrack: 0.95, atRisk: 0.8 })).toEqual({ onTrack: 0.95, atRisk: 0.8 });
    expect(details(statusBandsSchema.safeParse({ onTrack: 0.8, atRisk: 0.9 }))).toEqual([
      { path: 'atRisk', message: 'must not be above the on-track band' },
    ]);
    expect(
      details(statusBandsSchema.safeParse({ onTrack: Number.NaN, atRisk: -0.1 })).map((d) => d.path),
    ).toEqual(['onTrack', 'atRisk']);
    expect(statusBandsSchema.parse({ onTrack: 0.9, atRisk: 0 })).toEqual({ onTrack: 0.9, atRisk: 0 });
    expect(details(statusBandsSchema.safeParse({ onTrack: 1.2, atRisk: 0.8 }))).toEqual([
      { path: 'onTrack', message: 'must be at most 1 (100%)' },
    ]);
  });
});
