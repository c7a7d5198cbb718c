import fc from 'fast-check';
import { Rational } from './rational';

const r = (s: string) => Rational.parse(s);

describe('Rational', () => {
  it('adds decimals exactly (no 0.30000000000000004)', () => {
    expect(r('0.1').add(r('0.2')).toDecimal()).toBe('0.3');
    expect(Rational.sum(Array.from({ length: 10 }, () => r('0.1'))).toDecimal()).toBe('1');
  });

  it.each([
    ['1', '3', '0.33333333333333333333'],
    ['2', '3', '0.66666666666666666667'],
    ['-2', '3', '-0.66666666666666666667'],
    ['1', '8', '0.125'],
    ['1', '1024', '0.0009765625'],
    ['100000', '3', '33333.333333333333333'],
    ['1', '30000000000', '0.000000000033333333333333333333'],
    ['5', '2', '2.5'],
    ['-5', '2', '-2.5'],
  ])('%s / %s → %s', (a, b, expected) => {
    expect(r(a).div(r(b)).toDecimal()).toBe(expected);
  });

  it('rounds half away from zero', () => {
    expect(r('2.5').round(0)).toBe('3');
    expect(r('-2.5').round(0)).toBe('-3');
    expect(r('0.125').round(2)).toBe('0.13');
  });

  it('floors and ceils', () => {
    expect(r('2.5').floor()).toBe(2n);
    expect(r('-2.5').floor()).toBe(-3n);
    expect(r('2.5').ceil()).toBe(3n);
    expect(r('-2.5').ceil()).toBe(-2n);
    expect(r('3').ceil()).toBe(3n);
  });

  it('refuses to divide by zero', () => {
    expect(() => r('1').div(Rational.ZERO)).toThrow('division by zero');
    expect(() => Rational.of(1, 0)).toThrow('division by zero');
  });

  it('printed quotients are within 1e-19 relative of the exact value', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (n, d) => {
          const exact = Rational.of(n, d);
          const printed = Rational.parse(exact.toDecimal());
          if (exact.isZero()) return expect(printed.isZero()).toBe(true);
          const relative = printed.sub(exact).div(exact);
          expect(relative.toNumber()).toBeLessThan(1e-19);
          expect(relative.toNumber()).toBeGreaterThan(-1e-19);
        },
      ),
    );
  });
});
