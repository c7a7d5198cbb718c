import { GRANULARITIES, parsePeriodKey, periodsBetween, requirePeriod, shiftPeriod } from '@constellation/shared';
import { ValidationFailed } from '../../../common/errors';

/**
 * Every month, quarter and year key lying wholly inside [from, to] (query parameters `from` and
 * `to`; 400 naming the one that is not a period). An open end reaches 10 periods of the other
 * end's granularity (10 years for a year); at most 50 years in all.
 */
export function periodsWithin(from: string | undefined, to: string | undefined, fy: number): string[] {
  const parse = (path: string, key: string) => {
    const r = parsePeriodKey(key, fy);
    if (!r.ok) throw new ValidationFailed([{ path: `query.${path}`, message: r.error }]);
    return r.period;
  };
  const first = from ? parse('from', from).key : shiftPeriod(parse('to', to!).key, -10, fy);
  const last = to ? parse('to', to).key : shiftPeriod(parse('from', from!).key, 10, fy);
  const [start, end] = [requirePeriod(first, fy).startIndex, requirePeriod(last, fy).endIndex];
  if (end - start > 12 * 50) throw new ValidationFailed([{ path: 'query.to', message: 'must be at most 50 years after from' }]);
  if (end < start) return [];
  return GRANULARITIES.flatMap((g) => periodsBetween(first, last, g, fy)).filter((k) => {
    const p = requirePeriod(k, fy);
    return p.startIndex >= start && p.endIndex <= end;
  });
}
