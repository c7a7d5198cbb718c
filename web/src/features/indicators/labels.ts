import type { ValueType } from '@constellation/shared';

export const VALUE_TYPE_LABELS: Record<ValueType, string> = {
  count: 'Count',
  amount: 'Amount',
  percentage: 'Percentage',
  ratio: 'Ratio',
};
export const PERIODICITY_LABELS: Record<string, string> = { month: 'Monthly', quarter: 'Quarterly', year: 'Yearly' };
export const DIRECTION_LABELS: Record<string, string> = { increase: 'Higher is better', decrease: 'Lower is better' };
export const ACROSS_LABELS: Record<string, string> = {
  sum: 'Sum of partners',
  average: 'Average of partners',
  min: 'Lowest partner',
  max: 'Highest partner',
  ratio: 'Σ numerator / Σ denominator',
};
export const OVER_TIME_LABELS: Record<string, string> = {
  sum: 'Sum (a flow, e.g. people served)',
  last: 'Last value (a stock, e.g. housed at period end)',
  average: 'Average of the periods',
};
export const MEASURE_LABELS: Record<string, string> = { population: 'Population-level', performance: 'Performance measure' };
export const TARGET_KIND_LABELS: Record<string, string> = { milestone: 'Milestone', long_term: 'Long-term target' };

export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
