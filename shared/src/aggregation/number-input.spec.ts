import fc from 'fast-check';
import { compareDecimals, isDecimalString, normalizeDecimal } from './decimal';
import { parseNumberInput } from './number-input';

const ok = (value: string) => ({ ok: true, value });
const err = (error: string) => ({ ok: false, error });

describe('parseNumberInput: numbers from the api', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [12, '12'],
    [-12.5, '-12.5'],
    [0.1, '0.1'],
    [123456789012345, '123456789012345'],
  ])('%p → %s', (input, value) => {
    expect(parseNumberInput(input)).toEqual(ok(value));
  });

  it.each([
    [Number.NaN, 'is not a number'],
    [1e21, 'is too large: at most 15 digits before the decimal point'],
    [Number.POSITIVE_INFINITY, 'must be a finite number'],
    [Number.NEGATIVE_INFINITY, 'must be a finite number'],
    [0.1 + 0.2, 'has more than 10 decimal places'],
    [1.5e-7 / 1000, 'has more than 10 decimal places'],
  ])('%p → %s', (input, error) => {
    expect(parseNumberInput(input)).toEqual(err(error));
  });

  it('reads a small number printed with an exponent exactly', () => {
    expect(parseNumberInput(1.5e-7)).toEqual(ok('0.00000015'));
  });

  it.each([[null], [undefined], [true], [{}]])('%p is not a number', (input) => {
    expect(parseNumberInput(input).ok).toBe(false);
  });
});

describe('parseNumberInput: text with a decimal point', () => {
  it.each([
    ['12', '12'],
    ['  12  ', '12'],
    ['+12', '12'],
    ['-12', '-12'],
    ['\u22125', '-5'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['007', '7'],
    ['12.50', '12.5'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['1,234.5', '1234.5'],
    ['1,234,567', '1234567'],
    ['-1,234,567.25', '-1234567.25'],
    ['1 234', '1234'],
    ['1\u00a0234\u00a0567,5'.replace(',', '.'), '1234567.5'],
    ['1e3', '1000'],
    ['1.5E+06', '1500000'],
    ['2.5e-3', '0.0025'],
    ['123456789012345', '123456789012345'],
    ['0.0000000001', '0.0000000001'],
    ['1.00000000000000000000', '1'],
    ['1e-10', '0.0000000001'],
    ['0e999999999', '0'],
  ])('%j → %s', (input, value) => {
    expect(parseNumberInput(input)).toEqual(ok(value));
  });

  it.each([
    ['', 'is required'],
    ['   ', 'is required'],
    ['NaN', 'is not a number'],
    ['Infinity', 'must be a finite number'],
    ['-inf', 'must be a finite number'],
    ['1e309', 'is too large: at most 15 digits before the decimal point'],
    ['1e999999999999', 'is too large: at most 15 digits before the decimal point'],
    ['1234567890123456', 'is too large: at most 15 digits before the decimal point'],
    ['1e-11', 'has more than 10 decimal places'],
    ['1e-999999999999', 'has more than 10 decimal places'],
    ['0.00000000001', 'has more than 10 decimal places'],
    ['12%', 'must be a plain number without a % sign: for 12% enter 12'],
    ['12 %', 'must be a plain number without a % sign: for 12% enter 12'],
    [
      '1,234',
      'is ambiguous: 1,234 could be 1234 or 1.234 (numbers here use a point as the decimal mark); write 1234 or 1.234',
    ],
    [
      '123,456',
      'is ambiguous: 123,456 could be 123456 or 123.456 (numbers here use a point as the decimal mark); write 123456 or 123.456',
    ],
    ['1,5', 'uses a comma as the decimal mark, but numbers here use a point: write 1.5'],
    ['0,123', 'uses a comma as the decimal mark, but numbers here use a point: write 0.123'],
    ['1.234,5', 'uses a comma as the decimal mark, but numbers here use a point: write 1234.5'],
    ['1.234.567', 'has more than one decimal mark (.); write 1234567 without separators'],
    ['12,34,567', 'has thousands separators in the wrong places; write 1234567'],
    ['1,2345.6', 'has thousands separators in the wrong places; write 12345.6'],
    ['1 234,567', 'mixes thousands separators; write 1234567'],
    ['£5', 'must be a number like 1234.5, without units or currency signs'],
    ['5 kg', 'must be a number like 1234.5, without units or currency signs'],
    ['0x10', 'must be a number like 1234.5, without units or currency signs'],
    ['(5)', 'must be a number like 1234.5, without units or currency signs'],
    ['.', 'must be a number like 1234.5, without units or currency signs'],
    ['--5', 'must be a number like 1234.5, without units or currency signs'],
    ['1,5e3', 'must be a number like 1234.5, without units or currency signs'],
  ])('%j → %s', (input, error) => {
    expect(parseNumberInput(input)).toEqual(err(error));
  });
});

describe('parseNumberInput: text with a decimal comma', () => {
  const comma = { decimalComma: true };
  it.each([
    ['12,5', '12.5'],
    ['1.234,5', '1234.5'],
    ['1.234.567', '1234567'],
    ['1 234 567,25', '1234567.25'],
    ['-0,5', '-0.5'],
    ['1,5e3', '1500'],
  ])('%j → %s', (input, value) => {
    expect(parseNumberInput(input, comma)).toEqual(ok(value));
  });

  it.each([
    [
      '1.234',
      'is ambiguous: 1.234 could be 1234 or 1,234 (numbers here use a comma as the decimal mark); write 1234 or 1,234',
    ],
    ['1.5', 'uses a point as the decimal mark, but numbers here use a comma: write 1,5'],
    ['1,234.5', 'uses a point as the decimal mark, but numbers here use a comma: write 1234,5'],
    ['1,2,3', 'has more than one decimal mark (,); write 123 without separators'],
    ['abc', 'must be a number like 1234,5, without units or currency signs'],
  ])('%j → %s', (input, error) => {
    expect(parseNumberInput(input, comma)).toEqual(err(error));
  });
});

describe('parseNumberInput properties', () => {
  const decimal = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 10 }))
    .map(([neg, magnitude, scale]) => {
      const digits = magnitude.toString().padStart(scale + 1, '0');
      const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
      return normalizeDecimal((neg ? '-' : '') + text);
    });

  it('a canonical decimal within the limits parses to itself', () => {
    fc.assert(fc.property(decimal, (d) => expect(parseNumberInput(d)).toEqual(ok(d))));
  });

  it('grouping with commas, spaces or (in comma mode) points gives the same value', () => {
    const group = (intPart: string, sep: string) => intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    fc.assert(
      fc.property(decimal, (d) => {
        const negative = d.startsWith('-');
        const [intPart, frac] = d.replace('-', '').split('.');
        const sign = negative ? '-' : '';
        const withFrac = (s: string, mark: string) => (frac ? `${s}${mark}${frac}` : s);
        const grouped = group(intPart, ',');
        // A single comma group with no fraction is ambiguous on purpose; everything else is accepted.
        const ambiguous = (grouped.match(/,/g) ?? []).length === 1 && !frac;
        const point = parseNumberInput(sign + withFrac(grouped, '.'));
        expect(point).toEqual(ambiguous ? expect.objectContaining({ ok: false }) : ok(d));
        expect(parseNumberInput(sign + withFrac(group(intPart, ' '), '.'))).toEqual(ok(d));
        const commaGrouped = group(intPart, '.');
        const commaAmbiguous = (commaGrouped.match(/\./g) ?? []).length === 1 && !frac;
        expect(parseNumberInput(sign + withFrac(commaGrouped, ','), { decimalComma: true })).toEqual(
          commaAmbiguous ? expect.objectContaining({ ok: false }) : ok(d),
        );
      }),
    );
  });

  it('any finite JS number either parses to its exact decimal spelling or gets a size/precision error', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const result = parseNumberInput(n);
        if (result.ok) expect(Number(result.value)).toBe(n === 0 ? 0 : n);
        else expect(result.error).toMatch(/^(is too large|has more than 10 decimal places)/);
      }),
    );
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (s, decimalComma) => {
        const result = parseNumberInput(s, { decimalComma });
        if (result.ok) expect(isDecimalString(result.value)).toBe(true);
        else expect(result.error.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('normalizeDecimal', () => {
  it.each([
    ['0012.3400', '12.34'],
    ['-0.0', '0'],
    ['+5', '5'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-000.0100', '-0.01'],
    ['100', '100'],
    [' 7 ', '7'],
  ])('%j → %s', (input, value) => {
    expect(normalizeDecimal(input)).toBe(value);
  });

  it.each([
    [12.5, '12.5'],
    [-0, '0'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2e-10, '-0.0000000002'],
  ])('number %p → %s', (input, value) => {
    expect(normalizeDecimal(input)).toBe(value);
  });

  it.each([['1e5'], ['1,000'], ['abc'], [''], ['.'], ['NaN']])('rejects %j', (input) => {
    expect(() => normalizeDecimal(input)).toThrow(RangeError);
  });

  it('rejects non-finite numbers', () => {
    expect(() => normalizeDecimal(Number.NaN)).toThrow(RangeError);
    expect(() => normalizeDecimal(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('compares decimals exactly', () => {
    expect(compareDecimals('0.1', '0.10')).toBe(0);
    expect(compareDecimals('-1', '0.5')).toBe(-1);
    expect(compareDecimals('10000000000000000000.1', '10000000000000000000')).toBe(1);
  });
});
