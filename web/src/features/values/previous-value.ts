import { formatWithUnit } from '../../lib/periods';

/** A partner's previously reported value (the review queue's `previous`). */
export interface PreviousValue {
  period: string;
  periodLabel: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  status: string;
}

interface Numbers {
  value: string | null;
  numerator: string | null;
  denominator: string | null;
}

/** The number a value reports: the value, or numerator ÷ denominator (× 100 for a percentage). */
function reported(v: Numbers, valueType: string): number | null {
  if (v.numerator !== null && v.denominator !== null) {
    const d = Number(v.denominator);
    return d === 0 ? null : (Number(v.numerator) / d) * (valueType === 'percentage' ? 100 : 1);
  }
  return v.value === null ? null : Number(v.value);
}

const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const tenths = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const moved = (x: number, text: string) => `${x > 0 ? 'up' : 'down'} ${text}`;

/**
 * What a reviewer reads beside a submitted value: the partner's previous one, and how far this one
 * moved from it: "Q1 2026 was 140 children · up 7%". The change is relative for amounts, counts and
 * ratios, in points for percentages; none when the previous was 0.
 */
export function describePrevious(
  current: Numbers,
  previous: PreviousValue,
  unit: string,
  valueType: string,
): string {
  const shown =
    previous.numerator !== null && previous.denominator !== null
      ? `${previous.numerator}/${previous.denominator}`
      : formatWithUnit(previous.value, unit, valueType);
  const now = reported(current, valueType);
  const before = reported(previous, valueType);
  let change = '';
  if (now !== null && before !== null) {
    if (now === before) change = 'no change';
    else if (valueType === 'percentage')
      change = moved(now - before, `${tenths.format(Math.abs(now - before))} points`);
    else if (before !== 0)
      change = moved(now - before, `${whole.format(Math.abs((now - before) / before) * 100)}%`);
  }
  return `${previous.periodLabel} was ${shown}${change ? ` · ${change}` : ''}`;
}
