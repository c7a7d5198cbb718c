import { composeDecimal, MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS } from './decimal';

export interface NumberInputOptions {
  /** The collaboration writes 1.234,5 (comma as the decimal mark, point or space between thousands). */
  decimalComma?: boolean;
}

export type NumberInputResult = { ok: true; value: string } | { ok: false; error: string };

function fail(error: string): NumberInputResult {
  return { ok: false, error };
}

/**
 * Parse a number typed by a person, read from a file cell, or sent through the api, into a
 * canonical decimal string. Every odd input has a defined outcome (errors complete a sentence
 * that starts with the field name):
 *
 * | input | outcome |
 * |---|---|
 * | `''`, spaces, null | 'is required' |
 * | `NaN`, 'NaN' | 'is not a number' |
 * | `±Infinity`, 'Infinity', '∞' | 'must be a finite number' |
 * | '1e309', > 15 digits before the point | 'is too large: …' |
 * | more than 10 decimal places (after trailing zeros are dropped) | 'has more than 10 decimal places' |
 * | '1e3', '1.5E-2', JS numbers printed with exponents | accepted, converted exactly |
 * | '1,234.5', '1,234,567', '1 234' | accepted: the grouping can only mean thousands |
 * | '1,234' (one group of three, no decimal mark) | rejected as ambiguous (1234 or 1.234?) |
 * | '1,5' when the decimal mark is a point (and vice versa) | rejected, saying which mark to use |
 * | '12%' | rejected: enter 12 for 12% |
 * | '−5' (Unicode minus), '+5', '-0' | -5, 5, 0 |
 * | '£5', '5 kg', '0x10', '(5)' | rejected: a plain number is expected |
 *
 * Negative values are returned as such; whether they are allowed depends on the indicator's
 * value type (see `validateValue`).
 */
export function parseNumberInput(raw: unknown, options: NumberInputOptions = {}): NumberInputResult {
  if (raw === null || raw === undefined) return fail('is required');
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return fail('is not a number');
    if (!Number.isFinite(raw)) return fail('must be a finite number');
    // The shortest spelling that round-trips the double (may use an exponent), read in point mode.
    return parseText(String(raw), false);
  }
  if (typeof raw !== 'string') return fail('must be a number');
  return parseText(raw, options.decimalComma === true);
}

const SEPARATOR = /[.,\s\u00a0\u2007\u202f\u2009]/;
const SEPARATORS = /[.,\s\u00a0\u2007\u202f\u2009]/g;
const SPACE = /[\s\u00a0\u2007\u202f\u2009]/;

function parseText(raw: string, decimalComma: boolean): NumberInputResult {
  const mark = decimalComma ? ',' : '.';
  const other = decimalComma ? '.' : ',';
  const markName = decimalComma ? 'a comma' : 'a point';
  const otherName = decimalComma ? 'a point' : 'a comma';
  const example = decimalComma ? '1234,5' : '1234.5';
  const plain = `must be a number like ${example}, without units or currency signs`;
  /** A number written back to the person with their decimal mark and no separators. */
  const spell = (intDigits: string, frac: string) => (frac ? `${intDigits || '0'}${mark}${frac}` : intDigits);

  const text = raw.trim().replace(/\u2212/g, '-');
  if (text === '') return fail('is required');
  if (/^[+-]?nan$/i.test(text)) return fail('is not a number');
  if (/^[+-]?(inf|infinity|∞)$/i.test(text)) return fail('must be a finite number');
  if (text.includes('%')) {
    const bare = text.replace(/%/g, '').trim();
    return fail(`must be a plain number without a % sign: for ${bare}% enter ${bare}`);
  }

  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]/, '');
  let intDigits: string;
  let fracDigits: string;
  let exponent = 0;

  const scientific = /^(\d*)(?:[.,](\d*))?[eE]([+-]?\d+)$/.exec(body);
  if (scientific) {
    // 1.5E+06 as spreadsheets write it; the mantissa uses the decimal mark of the collaboration.
    if (body.includes(other)) return fail(plain);
    [intDigits, fracDigits] = [scientific[1], scientific[2] ?? ''];
    exponent = Number(scientific[3]);
  } else {
    if (!/^[0-9.,\s\u00a0\u2007\u202f\u2009]+$/.test(body)) return fail(plain);
    const parts = body.split(mark);
    if (parts.length > 2) {
      return fail(
        `has more than one decimal mark (${mark}); write ${body.replace(SEPARATORS, '')} without separators`,
      );
    }
    const [intRaw, fracRaw = ''] = parts;
    if (SEPARATOR.test(fracRaw)) {
      // '1.234,5' where the decimal mark is a point: the other convention.
      const lastOther = body.lastIndexOf(other);
      if (lastOther > body.lastIndexOf(mark) && /^\d+$/.test(body.slice(lastOther + 1))) {
        const whole = body.slice(0, lastOther).replace(SEPARATORS, '');
        return fail(
          `uses ${otherName} as the decimal mark, but numbers here use ${markName}: write ${spell(whole, body.slice(lastOther + 1))}`,
        );
      }
      return fail(plain);
    }
    intDigits = intRaw;
    fracDigits = fracRaw;
    const separators = intRaw.match(SEPARATORS) ?? [];
    if (separators.length > 0) {
      const groups = intRaw.split(SEPARATORS);
      const joined = groups.join('');
      const wellGrouped = /^[1-9]\d{0,2}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
      const spaces = separators.every((c) => SPACE.test(c));
      if (!spaces && !separators.every((c) => c === other)) {
        return fail(`mixes thousands separators; write ${spell(joined, fracRaw)}`);
      }
      if (!spaces && separators.length === 1 && parts.length === 1) {
        // '1,234' or '1,5' with a point as the decimal mark (or the mirror image).
        const asFraction = spell(groups[0], groups[1]);
        if (!wellGrouped) {
          return fail(
            `uses ${otherName} as the decimal mark, but numbers here use ${markName}: write ${asFraction}`,
          );
        }
        return fail(
          `is ambiguous: ${intRaw} could be ${joined} or ${asFraction} (numbers here use ${markName} as the decimal mark); write ${joined} or ${asFraction}`,
        );
      }
      if (!wellGrouped)
        return fail(`has thousands separators in the wrong places; write ${spell(joined, fracRaw)}`);
      intDigits = joined;
    }
  }
  if (!/\d/.test(intDigits + fracDigits)) return fail(plain);

  // value = digits × 10^(-scale)
  const significant = (intDigits + fracDigits).replace(/^0+/, '');
  if (significant === '') return { ok: true, value: '0' };
  const scale = fracDigits.length - exponent;
  const trailingZeros = significant.length - significant.replace(/0+$/, '').length;
  // Checked on lengths first, so an exponent like 1e999999999 never builds a string.
  if (significant.length - scale > MAX_INTEGER_DIGITS) {
    return fail(`is too large: at most ${MAX_INTEGER_DIGITS} digits before the decimal point`);
  }
  if (scale - trailingZeros > MAX_FRACTION_DIGITS)
    return fail(`has more than ${MAX_FRACTION_DIGITS} decimal places`);
  return { ok: true, value: composeDecimal(negative, significant, scale) };
}
