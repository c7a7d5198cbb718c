import type { IndicatorSetDocument } from '../schemas/indicator';
import cradleToCareer from './cradle-to-career.json';

/** An indicator set shipped with Constellation, to start a collaboration's catalogue from. */
export interface ExampleIndicatorSet {
  id: string;
  set: IndicatorSetDocument;
}

/**
 * The shipped example sets (format `constellation.indicator-set/1`, periods written for a fiscal
 * year starting in April). The api validates them against the collaboration on import.
 */
export const EXAMPLE_INDICATOR_SETS: readonly ExampleIndicatorSet[] = [
  { id: 'cradle-to-career', set: cradleToCareer as unknown as IndicatorSetDocument },
];
