/**
 * How each demo indicator's numbers are shaped across partners (codes in indicators.ts,
 * partners in commitments.ts). Plain data: values.ts generates the series from it.
 *
 * - `partners`: for sum indicators each partner's share of the network total; for percentage
 *   and ratio indicators the partner's denominator per period (pupils, sessions, key workers);
 *   for average, min and max indicators the partner's offset from the network level.
 * - `spread`: percentage and ratio indicators only: how far partners' rates sit from each other.
 * - `noise`: period-to-period noise; relative for counts and amounts, in points for rates.
 * - `decimals`: how amounts are rounded.
 * - `breakdown`: partners that also report disaggregation cells, and the categories that apply
 *   to them (cells outside these are not reported, never zero-filled).
 */
export interface ValueShape {
  partners: Readonly<Record<string, number>>;
  spread?: number;
  noise: number;
  decimals?: number;
  breakdown?: {
    partners: readonly string[];
    categories: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  };
}

const GENDERS = ['female', 'male', 'another'] as const;
const WARDS = ['northgate', 'eastbank', 'millbrook', 'other'] as const;

// prettier-ignore
export const VALUE_SHAPES: Readonly<Record<string, ValueShape>> = {
  'KR-01': {
    partners: { 'riverside-council': 2600, 'eastbank-early-years': 58 }, spread: 4, noise: 0.4,
    breakdown: { partners: ['riverside-council'], categories: { 'riverside-council': { gender: GENDERS, neighbourhood: WARDS } } },
  },
  'EL-01': { partners: { 'northgate-primary': 90, 'st-marys-primary': 45 }, spread: 2, noise: 0.8 },
  'ATT-01': {
    partners: { 'northgate-primary': 15800, 'st-marys-primary': 7900, 'riverside-academies': 90500 }, spread: 0.8, noise: 0.15,
    // St Mary's reports totals only: its management information system has no breakdown.
    breakdown: {
      partners: ['northgate-primary', 'riverside-academies'],
      categories: {
        'northgate-primary': { age_band: ['5-10'], neighbourhood: WARDS },
        'riverside-academies': { age_band: ['11-15'], neighbourhood: WARDS },
      },
    },
  },
  'PA-01': { partners: { 'northgate-primary': 420, 'st-marys-primary': 210, 'riverside-academies': 2380 }, spread: 3, noise: 0.1 },
  'GCSE-01': { partners: { 'riverside-academies': 475 }, noise: 0.6 },
  'NEET-01': {
    partners: { 'riverside-council': 1 }, noise: 0.03,
    breakdown: { partners: ['riverside-council'], categories: { 'riverside-council': { gender: GENDERS, neighbourhood: WARDS } } },
  },
  'SERVE-01': {
    partners: {
      'riverside-community-health': 0.3, 'riverside-college': 0.14, 'riverside-libraries': 0.24, 'brightwell-engineering': 0.02,
      'millbrook-youth': 0.15, 'riverside-hospitals': 0.03, 'riverside-parents': 0.12,
    },
    noise: 0.08,
  },
  'LIB-01': { partners: { 'riverside-libraries': 1 }, noise: 0.015 },
  'RAG-01': { partners: { 'northgate-primary': 0.9, 'riverside-libraries': -0.9 }, noise: 0.03, decimals: 1 },
  'SLT-01': { partners: { 'riverside-community-health': 0 }, noise: 0.04, decimals: 0 },
  'QUAL-01': { partners: { 'eastbank-early-years': 0, 'millbrook-youth': 0.35 }, noise: 0.012, decimals: 2 },
  'EMP-01': {
    partners: { 'brightwell-engineering': 0.55, 'riverside-hospitals': 0.45 }, noise: 0.08,
    breakdown: {
      partners: ['brightwell-engineering', 'riverside-hospitals'],
      categories: {
        'brightwell-engineering': { age_band: ['16-18', '19-24'], gender: GENDERS },
        'riverside-hospitals': { age_band: ['16-18', '19-24'], gender: GENDERS },
      },
    },
  },
  'FUND-01': { partners: { 'riverside-council': 0.6, 'eastbank-early-years': 0.25, 'riverside-parents': 0.15 }, noise: 0.06, decimals: -2 },
  'KW-01': { partners: { 'riverside-council': 24, 'eastbank-early-years': 5, 'millbrook-youth': 3 }, spread: 1.5, noise: 0.15 },
  'PROG-01': { partners: { 'riverside-academies': 470, 'riverside-college': 340 }, spread: 2, noise: 0.5 },
};
