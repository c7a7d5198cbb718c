import type { ErrorDetail } from '@constellation/shared';

/** The parts of a definition that decide what stored values mean and how they add up. */
export interface MeaningFields {
  valueType: string;
  periodicity: string;
  aggregationAcrossPartners: string;
  aggregationOverTime: string;
  dimensions: string[];
}

const WHY: Record<keyof MeaningFields, string> = {
  valueType:
    'the value type decides whether a stored value is one number or a numerator and a denominator, and whether it must be whole',
  periodicity: 'the periodicity decides which periods the stored values were recorded for',
  aggregationAcrossPartners:
    "aggregation across partners decides how partners' values combine into every total",
  aggregationOverTime: 'aggregation over time decides how native periods add up to quarters and years',
  dimensions: 'the dimensions decide the disaggregation cells the stored values were recorded in',
};

/** Changes that make existing values unusable: refused whenever values exist. */
export const INCOMPATIBLE: readonly (keyof MeaningFields)[] = ['valueType', 'periodicity'];
/** Changes that alter how existing values aggregate: allowed with data only as a recorded full recompute. */
export const RECOMPUTE: readonly (keyof MeaningFields)[] = [
  'aggregationAcrossPartners',
  'aggregationOverTime',
  'dimensions',
];

export interface MeaningChange {
  incompatible: (keyof MeaningFields)[];
  recompute: (keyof MeaningFields)[];
}

export function meaningChanges(before: MeaningFields, after: MeaningFields): MeaningChange {
  const changed = (k: keyof MeaningFields) => JSON.stringify(before[k]) !== JSON.stringify(after[k]);
  return { incompatible: INCOMPATIBLE.filter(changed), recompute: RECOMPUTE.filter(changed) };
}

export const describeChange = (fields: (keyof MeaningFields)[]): ErrorDetail[] =>
  fields.map((f) => ({ path: f, message: `would change the meaning of existing values: ${WHY[f]}` }));

const list = (fields: string[]) =>
  fields.length === 1 ? fields[0]! : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`;

export function incompatibleMessage(fields: (keyof MeaningFields)[]): string {
  return (
    `Values have already been reported for this indicator, so its ${list(fields)} cannot change: ` +
    `${fields.map((f) => WHY[f]).join('; ')}, and the existing values would no longer fit. ` +
    'Retire this indicator and create a new one instead.'
  );
}

export function recomputeMessage(fields: (keyof MeaningFields)[]): string {
  return (
    `Values have already been reported for this indicator, and changing its ${list(fields)} would change what they mean: ` +
    `${fields.map((f) => WHY[f]).join('; ')}. ` +
    'Send confirmRecompute: true to record this change and rebuild every rollup of this indicator from its values.'
  );
}
