import { z } from 'zod';
import { compareDecimals } from '../aggregation/decimal';
import { parseNumberInput, type NumberInputOptions } from '../aggregation/number-input';
import type { ErrorDetail } from '../errors';
import { coarserOrEqual, GRANULARITIES, type Granularity } from '../periods/granularity';
import { looksLikePeriodKey, parsePeriodKey, type Period } from '../periods/keys';
import { nonEmptyText, optionalText, uuid } from './common';

export const VALUE_TYPES = ['count', 'amount', 'percentage', 'ratio'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];
export const DIRECTIONS = ['increase', 'decrease'] as const;
export type Direction = (typeof DIRECTIONS)[number];
/** `ratio` is the only aggregation of percentage and ratio indicators (Σnumerator/Σdenominator). */
export const AGGREGATIONS_ACROSS_PARTNERS = ['sum', 'average', 'min', 'max', 'ratio'] as const;
export type AggregationAcrossPartners = (typeof AGGREGATIONS_ACROSS_PARTNERS)[number];
export const AGGREGATIONS_OVER_TIME = ['sum', 'last', 'average'] as const;
export type AggregationOverTime = (typeof AGGREGATIONS_OVER_TIME)[number];
export const TARGET_KINDS = ['milestone', 'long_term'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const MEASURE_TYPES = ['population', 'performance'] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];
export const MAX_DIMENSIONS = 4;
export const MAX_TARGETS = 60;

/**
 * Percentage and ratio indicators take a numerator and a denominator per value; their value is
 * numerator/denominator (×100 for percentages, so a percentage indicator's baseline and targets
 * are written in percent: 75 means 75%).
 */
export function isRatioType(valueType: ValueType): boolean {
  return valueType === 'percentage' || valueType === 'ratio';
}

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });

/** A number field: a JSON number or a string, read by `parseNumberInput` into a canonical decimal string. */
export function decimalInput(options: NumberInputOptions = {}) {
  return z.unknown().transform((raw, ctx): string => {
    const result = parseNumberInput(raw, options);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.error });
    return z.NEVER;
  });
}
export const decimalValue = decimalInput();

const ANY_PERIOD_MESSAGE = 'must be a period like 2026-03, 2026-Q1, 2026, FY2025-Q1 or FY2025';

/** The shape of a period key, before the collaboration's fiscal year is known (upper-cased, trimmed). */
export const periodKeyText = z
  .string({ message: ANY_PERIOD_MESSAGE })
  .trim()
  .toUpperCase()
  .refine(looksLikePeriodKey, { message: ANY_PERIOD_MESSAGE });

const PER: Record<Granularity, string> = { month: 'monthly', quarter: 'quarterly', year: 'yearly' };
const AT_LEAST: Record<Granularity, string> = {
  month: 'a month, a quarter or a year',
  quarter: 'a quarter or a year',
  year: 'a year',
};

const periodKeySchemas = new Map<string, z.ZodType<string, string>>();

/**
 * A period key valid in a collaboration with this fiscal-year start month, turned into its
 * canonical spelling; with `periodicity`, it must be exactly of that granularity (a value's period).
 * One schema per (fiscal year start, periodicity), built once: batch validation asks for it per
 * row, and building a zod schema costs far more than using one.
 */
export function periodKeySchema(fiscalYearStartMonth: number, periodicity?: Granularity): z.ZodType<string, string> {
  const key = `${fiscalYearStartMonth}:${periodicity ?? ''}`;
  let schema = periodKeySchemas.get(key);
  if (!schema) {
    schema = buildPeriodKeySchema(fiscalYearStartMonth, periodicity);
    periodKeySchemas.set(key, schema);
  }
  return schema;
}

function buildPeriodKeySchema(fiscalYearStartMonth: number, periodicity?: Granularity): z.ZodType<string, string> {
  return z.string({ message: ANY_PERIOD_MESSAGE }).transform((raw, ctx): string => {
    const result = parsePeriodKey(raw, fiscalYearStartMonth);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.error });
      return z.NEVER;
    }
    if (periodicity && result.period.granularity !== periodicity) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a ${periodicity}: this indicator is reported ${PER[periodicity]}`,
      });
      return z.NEVER;
    }
    return result.period.key;
  });
}

export const indicatorCode = z
  .string({ message: 'is required' })
  .trim()
  .min(1, { message: 'is required' })
  .max(30, { message: 'must be at most 30 characters' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message:
      'may contain only letters, digits, dots, hyphens and underscores, starting with a letter or digit',
  });

export const baselineSchema = z.strictObject({ value: decimalValue, period: periodKeyText });
export type BaselineInput = z.infer<typeof baselineSchema>;

export const targetSchema = z.strictObject({
  period: periodKeyText,
  value: decimalValue,
  kind: z.enum(TARGET_KINDS, oneOf(TARGET_KINDS)),
});
export type TargetInput = z.infer<typeof targetSchema>;

/** The indicator's fields, without the rules that tie them together (see `indicatorIssues`). */
export const indicatorFieldsSchema = z.strictObject({
  code: indicatorCode,
  name: nonEmptyText(200),
  definition: nonEmptyText(4000),
  unit: nonEmptyText(40),
  valueType: z.enum(VALUE_TYPES, oneOf(VALUE_TYPES)),
  direction: z.enum(DIRECTIONS, oneOf(DIRECTIONS)),
  periodicity: z.enum(GRANULARITIES, oneOf(GRANULARITIES)),
  aggregationAcrossPartners: z.enum(AGGREGATIONS_ACROSS_PARTNERS, oneOf(AGGREGATIONS_ACROSS_PARTNERS)),
  aggregationOverTime: z.enum(AGGREGATIONS_OVER_TIME, oneOf(AGGREGATIONS_OVER_TIME)),
  /** Ids of the disaggregation dimensions (age band, gender, neighbourhood, ...). */
  dimensions: z
    .array(uuid)
    .max(MAX_DIMENSIONS, { message: `at most ${MAX_DIMENSIONS} dimensions` })
    .default([]),
  baseline: baselineSchema,
  targets: z
    .array(targetSchema)
    .min(1, { message: 'must include the long-term target' })
    .max(MAX_TARGETS, { message: `at most ${MAX_TARGETS} targets` }),
  dataSource: optionalText(1000).default(''),
  measureType: z.enum(MEASURE_TYPES, oneOf(MEASURE_TYPES)),
});
export type IndicatorInput = z.infer<typeof indicatorFieldsSchema>;

/** A baseline or target value that the value type forbids (a level, so not necessarily whole). */
function levelIssue(valueType: ValueType, value: string): string | null {
  if ((valueType === 'count' || valueType === 'percentage') && value.startsWith('-')) {
    return `must not be negative for a ${valueType} indicator`;
  }
  if (valueType === 'percentage' && compareDecimals(value, '100') > 0) {
    return 'must be a percentage between 0 and 100';
  }
  return null;
}

function crossFieldIssues(input: IndicatorInput): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const ratio = isRatioType(input.valueType);
  if (ratio && input.aggregationAcrossPartners !== 'ratio') {
    add(
      'aggregationAcrossPartners',
      `must be ratio for a ${input.valueType} indicator: partners aggregate as Σnumerator/Σdenominator, never as the ${input.aggregationAcrossPartners} of their ${input.valueType === 'percentage' ? 'percentages' : 'ratios'}`,
    );
  }
  if (!ratio && input.aggregationAcrossPartners === 'ratio') {
    add(
      'aggregationAcrossPartners',
      'can be ratio only for percentage and ratio indicators; use sum, average, min or max',
    );
  }
  input.dimensions.forEach((id, i) => {
    if (input.dimensions.indexOf(id) !== i) add(`dimensions.${i}`, 'is listed twice');
  });

  const longTerm = input.targets.map((t, i) => ({ t, i })).filter(({ t }) => t.kind === 'long_term');
  if (longTerm.length === 0 && input.targets.length > 0)
    add('targets', 'must include exactly one long-term target (kind long_term)');
  longTerm
    .slice(1)
    .forEach(({ i }) =>
      add(`targets.${i}.kind`, 'is a second long-term target: an indicator has exactly one'),
    );
  input.targets.forEach((t, i) => {
    const first = input.targets.findIndex((o) => o.period === t.period);
    if (first !== i)
      add(`targets.${i}.period`, `is already used by targets.${first}: each period has one target`);
  });

  const baselineIssue = levelIssue(input.valueType, input.baseline.value);
  if (baselineIssue) add('baseline.value', baselineIssue);
  input.targets.forEach((t, i) => {
    const issue = levelIssue(input.valueType, t.value);
    if (issue) add(`targets.${i}.value`, issue);
  });
  if (longTerm.length === 1) {
    const { t, i } = longTerm[0];
    const side = compareDecimals(t.value, input.baseline.value);
    if (input.direction === 'increase' && side < 0) {
      add(
        `targets.${i}.value`,
        `is below the baseline (${input.baseline.value}), but an increase is better for this indicator`,
      );
    }
    if (input.direction === 'decrease' && side > 0) {
      add(
        `targets.${i}.value`,
        `is above the baseline (${input.baseline.value}), but a decrease is better for this indicator`,
      );
    }
  }
  return issues;
}

function periodIssues(input: IndicatorInput, fiscalYearStartMonth: number): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const check = (path: string, key: string): Period | null => {
    const result = parsePeriodKey(key, fiscalYearStartMonth);
    if (!result.ok) {
      issues.push({ path, message: result.error });
      return null;
    }
    if (!coarserOrEqual(result.period.granularity, input.periodicity)) {
      issues.push({
        path,
        message: `must be ${AT_LEAST[input.periodicity]}: this indicator is reported ${PER[input.periodicity]}`,
      });
      return null;
    }
    return result.period;
  };
  const baseline = check('baseline.period', input.baseline.period);
  const targets = input.targets.map((t, i) => check(`targets.${i}.period`, t.period));
  const longTermIndex = input.targets.findIndex((t) => t.kind === 'long_term');
  const longTerm = longTermIndex >= 0 ? targets[longTermIndex] : null;
  const placed: (Period | null)[] = [];
  targets.forEach((period, i) => {
    placed.push(null);
    if (!period) return;
    const path = `targets.${i}.period`;
    if (baseline && period.endIndex <= baseline.endIndex) {
      issues.push({ path, message: `must end after the baseline period (${baseline.key})` });
      return;
    }
    if (longTerm && input.targets[i].kind === 'milestone' && period.endIndex >= longTerm.endIndex) {
      issues.push({ path, message: `must end before the long-term target's period (${longTerm.key})` });
      return;
    }
    const clash = placed.findIndex((o) => o && o.key !== period.key && o.endIndex === period.endIndex);
    placed[i] = period;
    if (clash >= 0) {
      issues.push({
        path,
        message: `ends in the same month as targets.${clash} (${targets[clash]!.key}); targets need different end dates`,
      });
    }
  });
  return issues;
}

/**
 * The rules that tie an indicator's fields together, as field-path details. Without the
 * collaboration's fiscal-year start month only the shape of period keys is known; with it,
 * periods are checked against the fiscal year, the periodicity and each other.
 */
export function indicatorIssues(input: IndicatorInput, fiscalYearStartMonth?: number): ErrorDetail[] {
  const issues = crossFieldIssues(input);
  return fiscalYearStartMonth === undefined
    ? issues
    : [...issues, ...periodIssues(input, fiscalYearStartMonth)];
}

function withRules(fiscalYearStartMonth?: number) {
  return indicatorFieldsSchema.superRefine((input, ctx) => {
    for (const issue of indicatorIssues(input, fiscalYearStartMonth)) {
      ctx.addIssue({
        code: 'custom',
        path: issue.path === '' ? [] : issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message: issue.message,
      });
    }
  });
}

/** An indicator definition, checked as far as possible without the collaboration (request bodies). */
export const indicatorInputSchema = withRules();

/** An indicator definition checked completely for a collaboration with this fiscal-year start month. */
export function indicatorInputSchemaFor(fiscalYearStartMonth: number) {
  return withRules(fiscalYearStartMonth);
}

/** One value as entered: `value` for counts and amounts; `numerator` and `denominator` for percentages and ratios. */
export interface ValueFields {
  value?: string | number | null;
  numerator?: string | number | null;
  denominator?: string | number | null;
}

/**
 * What is wrong with a value for an indicator of this value type, as field-path details (empty
 * when it is fine): counts are whole and not negative; percentages have 0 ≤ numerator ≤
 * denominator; ratios (and percentages) have a denominator > 0; amounts and ratio numerators may
 * be negative. Numbers are read with `parseNumberInput`.
 */
export function valueIssues(
  valueType: ValueType,
  fields: ValueFields,
  options: NumberInputOptions = {},
): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const given = (x: unknown) => x !== undefined && x !== null;
  const read = (path: keyof ValueFields): string | null => {
    const result = parseNumberInput(fields[path], options);
    if (result.ok) return result.value;
    issues.push({ path, message: result.error });
    return null;
  };
  if (!isRatioType(valueType)) {
    for (const path of ['numerator', 'denominator'] as const) {
      if (given(fields[path]))
        issues.push({ path, message: `is only for percentage and ratio indicators; give value` });
    }
    const value = read('value');
    if (value !== null && valueType === 'count') {
      if (value.startsWith('-')) issues.push({ path: 'value', message: 'must not be negative for a count' });
      else if (value.includes('.'))
        issues.push({ path: 'value', message: 'must be a whole number for a count' });
    }
    return issues;
  }
  if (given(fields.value)) {
    issues.push({
      path: 'value',
      message: `is not used for a ${valueType} indicator; give numerator and denominator`,
    });
  }
  const numerator = read('numerator');
  const denominator = read('denominator');
  if (denominator !== null && compareDecimals(denominator, '0') <= 0) {
    issues.push({ path: 'denominator', message: 'must be greater than 0' });
  }
  if (valueType === 'percentage' && numerator !== null) {
    if (numerator.startsWith('-'))
      issues.push({ path: 'numerator', message: 'must not be negative for a percentage' });
    else if (denominator !== null && compareDecimals(numerator, denominator) > 0) {
      issues.push({
        path: 'numerator',
        message: 'must not be greater than the denominator for a percentage',
      });
    }
  }
  return issues;
}

/** The first problem with a value as one sentence ("denominator must be greater than 0"), or null. */
export function validateValue(
  valueType: ValueType,
  fields: ValueFields,
  options: NumberInputOptions = {},
): string | null {
  const [first] = valueIssues(valueType, fields, options);
  return first ? `${first.path} ${first.message}` : null;
}

/**
 * A collaboration's status bands: lower bounds of the progress ratio (actual − baseline) /
 * (target − baseline) for on_track and at_risk; below the at-risk band is off_track. Equal bands
 * mean nothing is ever at_risk.
 */
export const statusBandsSchema = z
  .strictObject({
    onTrack: z
      .number({ message: 'must be a number' })
      .gt(0, { message: 'must be above 0' })
      .max(1, { message: 'must be at most 1 (100%)' }),
    atRisk: z
      .number({ message: 'must be a number' })
      .min(0, { message: 'must be 0 or more' })
      .max(1, { message: 'must be at most 1 (100%)' }),
  })
  .refine((b) => b.atRisk <= b.onTrack, { path: ['atRisk'], message: 'must not be above the on-track band' });
export type StatusBandsInput = z.infer<typeof statusBandsSchema>;

/* ------------------------------------------------------------------------------------------------
 * Requests of the indicator catalogue api (dimensions, indicators, indicator sets).
 * --------------------------------------------------------------------------------------------- */

/** Keys of dimensions and categories: lower-case letters, digits, `_` and `-` (they name cells). */
export const dimensionKey = z
  .string({ message: 'is required' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, {
    message: 'must be 1–40 lower-case letters, digits, _ or -, starting with a letter or digit',
  });

export const dimensionCategorySchema = z.strictObject({ key: dimensionKey, name: nonEmptyText(100) });
export type DimensionCategoryInput = z.infer<typeof dimensionCategorySchema>;

export const MAX_CATEGORIES = 100;

const categoryList = z
  .array(dimensionCategorySchema)
  .min(1, { message: 'must include at least one category' })
  .max(MAX_CATEGORIES, { message: `at most ${MAX_CATEGORIES} categories` })
  .superRefine((cats, ctx) => {
    cats.forEach((c, i) => {
      const first = cats.findIndex((o) => o.key === c.key);
      if (first !== i)
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `is already used by categories.${first}` });
    });
  });

/** A disaggregation dimension with its categories, in order. */
export const dimensionInputSchema = z.strictObject({
  key: dimensionKey,
  name: nonEmptyText(100),
  categories: categoryList,
});
export type DimensionInput = z.infer<typeof dimensionInputSchema>;

/**
 * Rename a dimension and/or give its categories: the complete list in the new order. Categories
 * are matched by key: known keys are renamed and moved, new keys added; a key left out is removed
 * (only while no indicator uses the dimension).
 */
export const dimensionUpdateSchema = z.strictObject({
  name: nonEmptyText(100).optional(),
  categories: categoryList.optional(),
});
export type DimensionUpdateInput = z.infer<typeof dimensionUpdateSchema>;

const optionalDecimal = z.union([z.null(), decimalValue]).optional();
const changeNote = optionalText(1000);

function rangeIssues(
  input: { minValue?: string | null; maxValue?: string | null },
  ctx: z.RefinementCtx,
  prefix: (string | number)[] = [],
) {
  if (
    input.minValue != null &&
    input.maxValue != null &&
    compareDecimals(input.minValue, input.maxValue) > 0
  ) {
    ctx.addIssue({ code: 'custom', path: [...prefix, 'maxValue'], message: 'must not be below minValue' });
  }
}

function addIssues(ctx: z.RefinementCtx, issues: ErrorDetail[], prefix: (string | number)[] = []) {
  for (const issue of issues) {
    ctx.addIssue({
      code: 'custom',
      path: [
        ...prefix,
        ...(issue.path === '' ? [] : issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))),
      ],
      message: issue.message,
    });
  }
}

/**
 * POST …/indicators: the definition plus where it sits (goal, optional strategy of that goal),
 * the allowed range of values and a change note. Periods are checked against the collaboration's
 * fiscal year by the api (`indicatorIssues(input, fiscalYearStartMonth)`).
 */
export const indicatorCreateSchema = indicatorFieldsSchema
  .extend({
    goalId: uuid,
    strategyId: uuid.nullable().optional(),
    minValue: optionalDecimal,
    maxValue: optionalDecimal,
    changeNote: changeNote.default(''),
  })
  .superRefine((input, ctx) => {
    addIssues(ctx, indicatorIssues(input));
    rangeIssues(input, ctx);
  });
export type IndicatorCreateInput = z.infer<typeof indicatorCreateSchema>;

const fields = indicatorFieldsSchema.shape;
/**
 * PATCH …/indicators/:id: any of the definition's fields (the rest stay as they are), the
 * `version` the edit is based on (stale → 409), a change note, and `confirmRecompute` to accept a
 * change of meaning (aggregation, dimensions) after values exist, followed by a full recompute.
 */
export const indicatorUpdateSchema = z.strictObject({
  version: z.number({ message: 'must be the version you edited' }).int().min(1),
  code: fields.code.optional(),
  name: fields.name.optional(),
  definition: fields.definition.optional(),
  unit: fields.unit.optional(),
  valueType: fields.valueType.optional(),
  direction: fields.direction.optional(),
  periodicity: fields.periodicity.optional(),
  aggregationAcrossPartners: fields.aggregationAcrossPartners.optional(),
  aggregationOverTime: fields.aggregationOverTime.optional(),
  dimensions: z
    .array(uuid)
    .max(MAX_DIMENSIONS, { message: `at most ${MAX_DIMENSIONS} dimensions` })
    .optional(),
  baseline: baselineSchema.optional(),
  targets: fields.targets.optional(),
  dataSource: optionalText(1000).optional(),
  measureType: fields.measureType.optional(),
  goalId: uuid.optional(),
  strategyId: uuid.nullable().optional(),
  minValue: optionalDecimal,
  maxValue: optionalDecimal,
  changeNote: changeNote.default(''),
  confirmRecompute: z.boolean({ message: 'must be true or false' }).default(false),
});
export type IndicatorUpdateInput = z.infer<typeof indicatorUpdateSchema>;

/** POST …/indicators/:id/retire and /reinstate. */
export const indicatorStatusChangeSchema = z.strictObject({
  version: z.number({ message: 'must be the version you edited' }).int().min(1).optional(),
  changeNote: changeNote.default(''),
});
export type IndicatorStatusChangeInput = z.infer<typeof indicatorStatusChangeSchema>;

export const INDICATOR_STATUSES = ['active', 'retired'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

export const indicatorListQuerySchema = z.strictObject({
  goalId: uuid.optional(),
  strategyId: uuid.optional(),
  status: z.enum([...INDICATOR_STATUSES, 'all'], oneOf([...INDICATOR_STATUSES, 'all'])).optional(),
});
export type IndicatorListQuery = z.infer<typeof indicatorListQuerySchema>;

export interface DimensionCategoryView {
  id: string;
  key: string;
  name: string;
  position: number;
}
export interface DimensionView {
  id: string;
  key: string;
  name: string;
  categories: DimensionCategoryView[];
  /** Indicators that disaggregate by this dimension. */
  usedBy: { id: string; code: string; name: string }[];
}
export interface IndicatorTargetView {
  period: string;
  value: string;
  kind: TargetKind;
}
export interface IndicatorView {
  id: string;
  code: string;
  name: string;
  definition: string;
  unit: string;
  valueType: ValueType;
  direction: Direction;
  periodicity: Granularity;
  aggregationAcrossPartners: AggregationAcrossPartners;
  aggregationOverTime: AggregationOverTime;
  goalId: string;
  strategyId: string | null;
  dimensions: { id: string; key: string; name: string; categories: DimensionCategoryView[] }[];
  baseline: { value: string; period: string };
  targets: IndicatorTargetView[];
  dataSource: string;
  measureType: MeasureType;
  minValue: string | null;
  maxValue: string | null;
  status: IndicatorStatus;
  version: number;
  hasValues: boolean;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}
export interface IndicatorRevisionView {
  version: number;
  definition: unknown;
  changeNote: string;
  requiresRecompute: boolean;
  author: { id: string; name: string };
  createdAt: string;
  /** The shared decision whose accepted change this version is (null for a direct edit). */
  decision: { id: string; number: number; title: string } | null;
}

/* Indicator sets: a portable catalogue keyed by codes and keys (no ids). */

export const INDICATOR_SET_FORMAT = 'constellation.indicator-set/1';

/** One indicator of a set: dimensions by key, an optional strategy by name. */
export const setIndicatorSchema = indicatorFieldsSchema.omit({ dimensions: true }).extend({
  dimensions: z
    .array(dimensionKey)
    .max(MAX_DIMENSIONS, { message: `at most ${MAX_DIMENSIONS} dimensions` })
    .default([]),
  strategy: nonEmptyText(200).nullable().optional(),
  minValue: optionalDecimal,
  maxValue: optionalDecimal,
});
export type SetIndicatorInput = z.infer<typeof setIndicatorSchema>;

const setShape = {
  format: z.literal(INDICATOR_SET_FORMAT, { message: `must be ${INDICATOR_SET_FORMAT}` }).optional(),
  name: nonEmptyText(200),
  description: optionalText(4000).default(''),
  dimensions: z.array(dimensionInputSchema).max(50, { message: 'at most 50 dimensions' }).default([]),
  indicators: z
    .array(setIndicatorSchema)
    .min(1, { message: 'must include at least one indicator' })
    .max(500, { message: 'at most 500 indicators' }),
};

function setIssues(
  set: { dimensions: DimensionInput[]; indicators: SetIndicatorInput[] },
  ctx: z.RefinementCtx,
) {
  set.dimensions.forEach((d, i) => {
    const first = set.dimensions.findIndex((o) => o.key === d.key);
    if (first !== i)
      ctx.addIssue({
        code: 'custom',
        path: ['dimensions', i, 'key'],
        message: `is already used by dimensions.${first}`,
      });
  });
  set.indicators.forEach((ind, i) => {
    const first = set.indicators.findIndex((o) => o.code.toLowerCase() === ind.code.toLowerCase());
    if (first !== i)
      ctx.addIssue({
        code: 'custom',
        path: ['indicators', i, 'code'],
        message: `is already used by indicators.${first}`,
      });
    addIssues(ctx, indicatorIssues(ind as unknown as IndicatorInput), ['indicators', i]);
    rangeIssues(ind, ctx, ['indicators', i]);
  });
}

/** GET …/indicator-sets/export answers this; the example sets are in this format. */
export const indicatorSetSchema = z.strictObject(setShape).superRefine(setIssues);
export type IndicatorSet = z.infer<typeof indicatorSetSchema>;
export type IndicatorSetDocument = z.input<typeof indicatorSetSchema>;

/** POST …/indicator-sets/import: a set, the goal its indicators join, their strategies matched by name within it. */
export const indicatorSetImportSchema = z.strictObject({ ...setShape, goalId: uuid }).superRefine(setIssues);
export type IndicatorSetImportInput = z.infer<typeof indicatorSetImportSchema>;
