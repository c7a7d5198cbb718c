import {
  isRatioType,
  type AggregationAcrossPartners,
  type AggregationOverTime,
  type ValueType,
} from '../schemas/indicator';
import { Rational } from './rational';

/**
 * An amount being aggregated: `num` alone for counts and amounts; `num` and `den` for
 * percentages and ratios, which aggregate numerator and denominator separately.
 */
export interface Quantity {
  num: Rational;
  den: Rational | null;
  /** Counting values it was computed from. */
  valueCount: number;
}

const sumDen = (qs: readonly Quantity[]) => Rational.sum(qs.map((q) => q.den ?? Rational.ZERO));
const count = (qs: readonly Quantity[]) => qs.reduce((n, q) => n + q.valueCount, 0);

/**
 * Combine quantities for the same period side by side: partners, or a partner's activities, or
 * a partner's cells into its total. `sum` → Σ; `average` → unweighted mean; `min`/`max`;
 * `ratio` → Σnumerator and Σdenominator (never a mean of ratios).
 */
export function combineAcross(kind: AggregationAcrossPartners, qs: readonly Quantity[]): Quantity {
  if (qs.length === 0) throw new RangeError('nothing to combine');
  const valueCount = count(qs);
  switch (kind) {
    case 'ratio':
      return { num: Rational.sum(qs.map((q) => q.num)), den: sumDen(qs), valueCount };
    case 'sum':
      return { num: Rational.sum(qs.map((q) => q.num)), den: null, valueCount };
    case 'average':
      return { num: Rational.sum(qs.map((q) => q.num)).div(Rational.of(qs.length)), den: null, valueCount };
    case 'min':
      return { num: qs.map((q) => q.num).reduce((a, b) => a.min(b)), den: null, valueCount };
    case 'max':
      return { num: qs.map((q) => q.num).reduce((a, b) => a.max(b)), den: null, valueCount };
  }
}

/**
 * Combine one partner's quantities for the native periods inside a coarser period, given in
 * period order (only periods that have a counting value). `sum` → Σ; `last` → the latest;
 * `average` → the mean of those periods. Ratios: numerator and denominator each the same way.
 */
export function combineOverTime(kind: AggregationOverTime, inOrder: readonly Quantity[]): Quantity {
  if (inOrder.length === 0) throw new RangeError('nothing to combine');
  const ratio = inOrder[0].den !== null;
  switch (kind) {
    case 'last':
      return inOrder[inOrder.length - 1];
    case 'sum':
      return {
        num: Rational.sum(inOrder.map((q) => q.num)),
        den: ratio ? sumDen(inOrder) : null,
        valueCount: count(inOrder),
      };
    case 'average': {
      const n = Rational.of(inOrder.length);
      return {
        num: Rational.sum(inOrder.map((q) => q.num)).div(n),
        den: ratio ? sumDen(inOrder).div(n) : null,
        valueCount: count(inOrder),
      };
    }
  }
}

/** The indicator's value of a quantity: the number, or numerator/denominator (×100 for percentages). */
export function valueOf(valueType: ValueType, q: Quantity): Rational {
  if (!isRatioType(valueType)) return q.num;
  if (q.den === null || q.den.isZero()) throw new RangeError('a ratio needs a denominator greater than 0');
  const ratio = q.num.div(q.den);
  return valueType === 'percentage' ? ratio.mul(Rational.of(100)) : ratio;
}
