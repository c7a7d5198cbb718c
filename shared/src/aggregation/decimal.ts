/**
 * Decimal strings: the stored and transported representation of measured numbers (PostgreSQL
 * `numeric`, never float). Canonical form: optional '-', no '+', no leading zeros, no trailing
 * fractional zeros, no exponent, no '-0' ('0012.3400' → '12.34', '-0.0' → '0', '.5' → '0.5').
 */

const PLAIN_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Digits before and after the decimal point of values we accept (a numeric(25, 10) column). */
export const MAX_INTEGER_DIGITS = 15;
export const MAX_FRACTION_DIGITS = 10;

/** Canonical spelling from a sign, a run of digits and how many of them are after the point. */
export function composeDecimal(negative: boolean, digits: string, scale: number): string {
  let intPart = scale > 0 ? digits.slice(0, Math.max(0, digits.length - scale)) : digits + '0'.repeat(-scale);
  let fracPart = scale > 0 ? digits.slice(Math.max(0, digits.length - scale)).padStart(scale, '0') : '';
  intPart = intPart.replace(/^0+/, '') || '0';
  fracPart = fracPart.replace(/0+$/, '');
  const body = fracPart ? `${intPart}.${fracPart}` : intPart;
  return negative && body !== '0' ? `-${body}` : body;
}

/** True for a plain decimal such as '-12.5' (what PostgreSQL prints for numeric), canonical or not. */
export function isDecimalString(value: string): boolean {
  const m = PLAIN_DECIMAL.exec(value);
  return m !== null && (m[2].length > 0 || (m[3] ?? '').length > 0);
}

/**
 * The canonical form of a plain decimal string or a finite number.
 * Throws a RangeError for anything else (exponents, NaN, Infinity, thousands separators):
 * user input goes through `parseNumberInput`, which explains what is wrong.
 */
export function normalizeDecimal(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
    const text = String(value);
    const exp = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
    if (exp) {
      const frac = exp[3] ?? '';
      return composeDecimal(exp[1] === '-', exp[2] + frac, frac.length - Number(exp[4]));
    }
    return normalizeDecimal(text);
  }
  const m = PLAIN_DECIMAL.exec(value.trim());
  if (!m || (m[2].length === 0 && (m[3] ?? '').length === 0)) {
    throw new RangeError(`"${value}" is not a decimal number such as -12.5`);
  }
  const frac = m[3] ?? '';
  return composeDecimal(m[1] === '-', m[2] + frac, frac.length);
}

/** Compare two decimal strings exactly: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const [x, y] = [normalizeDecimal(a), normalizeDecimal(b)];
  const scale = Math.max(fractionDigits(x), fractionDigits(y));
  const ix = scaled(x, scale);
  const iy = scaled(y, scale);
  return ix < iy ? -1 : ix > iy ? 1 : 0;
}

/** Number of digits after the point of a canonical decimal. */
export function fractionDigits(canonical: string): number {
  const dot = canonical.indexOf('.');
  return dot < 0 ? 0 : canonical.length - dot - 1;
}

/** Number of digits before the point of a canonical decimal ('0.5' has none). */
export function integerDigits(canonical: string): number {
  const body = canonical.replace(/^-/, '').split('.')[0];
  return body === '0' ? 0 : body.length;
}

function scaled(canonical: string, scale: number): bigint {
  const negative = canonical.startsWith('-');
  const [intPart, fracPart = ''] = canonical.replace(/^-/, '').split('.');
  const magnitude = BigInt(intPart + fracPart.padEnd(scale, '0'));
  return negative ? -magnitude : magnitude;
}
