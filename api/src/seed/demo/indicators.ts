import {
  EXAMPLE_INDICATOR_SETS,
  indicatorSetSchema,
  type DimensionInput,
  type SetIndicatorInput,
} from '@constellation/shared';

/**
 * The demo's shared indicators: the shipped cradle-to-career example set, parsed with the same
 * schema the api imports sets with, so the demo never drifts from it. Plain data: inserts live
 * in ../insert. Ids are demoId('indicator', code), demoId('dimension', key) and
 * demoId('dimension-category', `${dimensionKey}:${categoryKey}`).
 */
const EXAMPLE = EXAMPLE_INDICATOR_SETS.find((s) => s.id === 'cradle-to-career');
if (!EXAMPLE) throw new Error('the cradle-to-career example indicator set is missing');
export const DEMO_INDICATOR_SET = indicatorSetSchema.parse(EXAMPLE.set);

/**
 * Riverside reports by its own wards rather than the set's generic compass points: the three
 * priority wards named in agenda v2, and everything else.
 */
const NEIGHBOURHOOD_CATEGORIES: DimensionInput['categories'] = [
  { key: 'northgate', name: 'Northgate' },
  { key: 'eastbank', name: 'Eastbank' },
  { key: 'millbrook', name: 'Millbrook' },
  { key: 'other', name: 'Other Riverside wards' },
];

export const DEMO_DIMENSIONS: readonly DimensionInput[] = DEMO_INDICATOR_SET.dimensions.map((d) =>
  d.key === 'neighbourhood' ? { ...d, categories: NEIGHBOURHOOD_CATEGORIES } : d,
);

/** How the demo's story goes for an indicator: partners' pace relative to the target line. */
export type DemoPace = 'on_track' | 'at_risk' | 'off_track';

export interface DemoIndicatorPlacement {
  goal: string;
  strategy: string | null;
  /** Fraction of the way along the target line the network actually moves (1 = exactly on it). */
  pace: number;
  story: DemoPace;
  /** Days before seeding it was added to the catalogue. */
  daysAgo: number;
}

/** Where each indicator of the set sits among the demo goals and strategies (keys in goals.ts). */
// prettier-ignore
export const PLACEMENTS: Readonly<Record<string, DemoIndicatorPlacement>> = {
  'KR-01':   { goal: 'ready-for-school', strategy: 'early-education-take-up', pace: 1.2, story: 'on_track', daysAgo: 350 },
  'EL-01':   { goal: 'succeed-in-school', strategy: 'read-by-eleven', pace: 1.2, story: 'on_track', daysAgo: 348 },
  'ATT-01':  { goal: 'succeed-in-school', strategy: 'every-day-counts', pace: 1.2, story: 'on_track', daysAgo: 348 },
  // At risk: absence is falling, but more slowly than the milestones ask.
  'PA-01':   { goal: 'succeed-in-school', strategy: 'every-day-counts', pace: 0.87, story: 'at_risk', daysAgo: 110 },
  'GCSE-01': { goal: 'succeed-in-school', strategy: null, pace: 1.2, story: 'on_track', daysAgo: 346 },
  'NEET-01': { goal: 'education-employment-training', strategy: 're-engagement', pace: 1.15, story: 'on_track', daysAgo: 344 },
  'SERVE-01':{ goal: 'healthy-and-supported', strategy: 'active-lives', pace: 1.15, story: 'on_track', daysAgo: 100 },
  'LIB-01':  { goal: 'succeed-in-school', strategy: 'read-by-eleven', pace: 1.15, story: 'on_track', daysAgo: 300 },
  'RAG-01':  { goal: 'succeed-in-school', strategy: 'read-by-eleven', pace: 1.2, story: 'on_track', daysAgo: 300 },
  // Off track: waits for speech and language therapy have barely moved.
  'SLT-01':  { goal: 'ready-for-school', strategy: 'early-speech-language', pace: 0.3, story: 'off_track', daysAgo: 340 },
  'QUAL-01': { goal: 'ready-for-school', strategy: 'early-education-take-up', pace: 1.2, story: 'on_track', daysAgo: 340 },
  'EMP-01':  { goal: 'education-employment-training', strategy: 'apprenticeships', pace: 1.2, story: 'on_track', daysAgo: 240 },
  'FUND-01': { goal: 'ready-for-school', strategy: null, pace: 1.15, story: 'on_track', daysAgo: 330 },
  'KW-01':   { goal: 'ready-for-school', strategy: 'parents-as-first-teachers', pace: 1.2, story: 'on_track', daysAgo: 330 },
  'PROG-01': { goal: 'education-employment-training', strategy: 'employer-encounters', pace: 1.2, story: 'on_track', daysAgo: 240 },
};

export interface DemoIndicator extends SetIndicatorInput {
  placement: DemoIndicatorPlacement;
}

/** Every indicator of the set, in the set's order, with its place in the demo. */
export const DEMO_INDICATORS: readonly DemoIndicator[] = DEMO_INDICATOR_SET.indicators.map((ind) => {
  const placement = PLACEMENTS[ind.code];
  if (!placement) throw new Error(`demo indicator ${ind.code} has no placement`);
  return { ...ind, placement };
});

export function demoIndicator(code: string): DemoIndicator {
  const ind = DEMO_INDICATORS.find((i) => i.code === code);
  if (!ind) throw new Error(`no demo indicator ${code}`);
  return ind;
}

export function demoDimension(key: string): DimensionInput {
  const d = DEMO_DIMENSIONS.find((x) => x.key === key);
  if (!d) throw new Error(`no demo dimension ${key}`);
  return d;
}
