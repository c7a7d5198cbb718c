import { composeDecimal, normalizeDecimal } from './decimal';

/** Significant digits kept when a quotient does not terminate (PostgreSQL keeps at least 16). */
export const QUOTIENT_SIGNIFICANT_DIGITS = 20;
/** A terminating result with at most this many digits after the point is printed exactly. */
const MAX_EXACT_FRACTION_DIGITS = 20;

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/**
 * An exact rational number (BigInt numerator and denominator). The aggregation reference does
 * all its arithmetic with these, so sums are exact and only a final quotient is ever rounded.
 */
export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  private constructor(
    /** Numerator, carrying the sign. */
    readonly n: bigint,
    /** Denominator, always > 0 and coprime with n. */
    readonly d: bigint,
  ) {}

  static of(n: bigint | number, d: bigint | number = 1n): Rational {
    let num = BigInt(n);
    let den = BigInt(d);
    if (den === 0n) throw new RangeError('division by zero');
    if (den < 0n) [num, den] = [-num, -den];
    const g = gcd(num, den);
    return g > 1n ? new Rational(num / g, den / g) : new Rational(num, den);
  }

  /** From a decimal string or a finite number (through its decimal spelling, never binary floats). */
  static parse(value: string | number): Rational {
    const canonical = normalizeDecimal(value);
    const negative = canonical.startsWith('-');
    const [intPart, fracPart = ''] = canonical.replace(/^-/, '').split('.');
    const magnitude = BigInt(intPart + fracPart);
    return Rational.of(negative ? -magnitude : magnitude, pow10(fracPart.length));
  }

  static sum(values: readonly Rational[]): Rational {
    return values.reduce((acc, v) => acc.add(v), Rational.ZERO);
  }

  add(o: Rational): Rational {
    return Rational.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Rational): Rational {
    return Rational.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Rational): Rational {
    return Rational.of(this.n * o.n, this.d * o.d);
  }
  div(o: Rational): Rational {
    if (o.n === 0n) throw new RangeError('division by zero');
    return Rational.of(this.n * o.d, this.d * o.n);
  }
  neg(): Rational {
    return new Rational(-this.n, this.d);
  }
  sign(): -1 | 0 | 1 {
    return this.n < 0n ? -1 : this.n > 0n ? 1 : 0;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  cmp(o: Rational): -1 | 0 | 1 {
    const diff = this.n * o.d - o.n * this.d;
    return diff < 0n ? -1 : diff > 0n ? 1 : 0;
  }
  eq(o: Rational): boolean {
    return this.cmp(o) === 0;
  }
  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }
  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }
  min(o: Rational): Rational {
    return this.cmp(o) <= 0 ? this : o;
  }
  max(o: Rational): Rational {
    return this.cmp(o) >= 0 ? this : o;
  }
  /** The greatest integer ≤ this. */
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }
  /** The least integer ≥ this. */
  ceil(): bigint {
    return -this.neg().floor();
  }

  /**
   * Canonical decimal string: exact when the value terminates within 20 digits after the point,
   * otherwise rounded half away from zero (as PostgreSQL numeric does) to 20 significant digits.
   */
  toDecimal(): string {
    let twos = 0;
    let fives = 0;
    let rest = this.d;
    while (rest % 2n === 0n) [rest, twos] = [rest / 2n, twos + 1];
    while (rest % 5n === 0n) [rest, fives] = [rest / 5n, fives + 1];
    const exactScale = Math.max(twos, fives);
    if (rest === 1n && exactScale <= MAX_EXACT_FRACTION_DIGITS) {
      return this.round(exactScale);
    }
    // Position of the leading digit: |x| in [10^e, 10^(e+1)).
    const abs = this.n < 0n ? -this.n : this.n;
    let e = (abs / this.d).toString().length - 1;
    if (abs < this.d) {
      e = -1;
      while (abs * pow10(-e) < this.d) e--;
    }
    return this.round(Math.max(0, QUOTIENT_SIGNIFICANT_DIGITS - 1 - e));
  }

  /** Round half away from zero to this many digits after the point. */
  round(scale: number): string {
    const abs = this.n < 0n ? -this.n : this.n;
    const scaledNum = abs * pow10(scale);
    let q = scaledNum / this.d;
    const r = scaledNum - q * this.d;
    if (2n * r >= this.d) q += 1n;
    return composeDecimal(this.n < 0n, q.toString(), scale);
  }

  toNumber(): number {
    return Number(this.toDecimal());
  }

  toString(): string {
    return this.toDecimal();
  }
}
