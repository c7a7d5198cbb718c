import { DEMO_COLLABORATION_ID } from '../demo/collaboration';
import { demoId } from '../demo/ids';
import { DEMO_DIMENSIONS, DEMO_INDICATOR_SET, DEMO_INDICATORS, type DemoIndicator } from '../demo/indicators';
import { insertRows } from './bulk';
import type { SeedStep } from './context';

const CID = DEMO_COLLABORATION_ID;
const AUTHOR = 'amara-okafor';

export const dimensionId = (key: string) => demoId('dimension', key);
export const indicatorId = (code: string) => demoId('indicator', code);

/**
 * Disaggregation dimensions with their categories, and the shared indicators of the
 * cradle-to-career example set with their dimensions, baseline, milestones and long-term
 * target, each with its first definition revision (version 1).
 */
export const indicatorsStep: SeedStep = {
  name: 'indicators',
  async run({ m, clock }) {
    const firstIndicator = Math.max(...DEMO_INDICATORS.map((i) => i.placement.daysAgo));
    const dimensionsAt = clock.at(firstIndicator + 1, 'dimensions');
    await insertRows(
      m,
      'dimensions',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['id', 'uuid', (d) => dimensionId(d.key)],
        ['key', 'text', (d) => d.key],
        ['name', 'text', (d) => d.name],
        ['created_at', 'timestamptz', () => dimensionsAt],
      ],
      DEMO_DIMENSIONS,
    );
    const categories = DEMO_DIMENSIONS.flatMap((d) =>
      d.categories.map((c, position) => ({ dimension: d.key, ...c, position })),
    );
    await insertRows(
      m,
      'dimension_categories',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['id', 'uuid', (c) => demoId('dimension-category', `${c.dimension}:${c.key}`)],
        ['dimension_id', 'uuid', (c) => dimensionId(c.dimension)],
        ['key', 'text', (c) => c.key],
        ['name', 'text', (c) => c.name],
        ['position', 'int', (c) => c.position],
      ],
      categories,
    );

    const created = (i: DemoIndicator) => clock.at(i.placement.daysAgo, `indicator:${i.code}`);
    await insertRows(
      m,
      'indicators',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['id', 'uuid', (i) => indicatorId(i.code)],
        ['code', 'text', (i) => i.code],
        ['name', 'text', (i) => i.name],
        ['definition', 'text', (i) => i.definition],
        ['unit', 'text', (i) => i.unit],
        ['value_type', 'text', (i) => i.valueType],
        ['direction', 'text', (i) => i.direction],
        ['periodicity', 'text', (i) => i.periodicity],
        ['aggregation_across', 'text', (i) => i.aggregationAcrossPartners],
        ['aggregation_over_time', 'text', (i) => i.aggregationOverTime],
        ['goal_id', 'uuid', (i) => demoId('goal', i.placement.goal)],
        [
          'strategy_id',
          'uuid',
          (i) => (i.placement.strategy ? demoId('strategy', i.placement.strategy) : null),
        ],
        ['baseline_value', 'numeric', (i) => i.baseline.value],
        ['baseline_period', 'text', (i) => i.baseline.period],
        ['data_source', 'text', (i) => i.dataSource],
        ['measure_type', 'text', (i) => i.measureType],
        ['min_value', 'numeric', (i) => i.minValue ?? null],
        ['max_value', 'numeric', (i) => i.maxValue ?? null],
        ['version', 'int', () => 1],
        ['created_at', 'timestamptz', created],
        ['updated_at', 'timestamptz', created],
      ],
      DEMO_INDICATORS,
    );
    await insertRows(
      m,
      'indicator_dimensions',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['indicator_id', 'uuid', (r) => indicatorId(r.code)],
        ['dimension_id', 'uuid', (r) => dimensionId(r.dimension)],
        ['position', 'int', (r) => r.position],
      ],
      DEMO_INDICATORS.flatMap((i) =>
        i.dimensions.map((dimension, position) => ({ code: i.code, dimension, position })),
      ),
    );
    await insertRows(
      m,
      'indicator_targets',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['indicator_id', 'uuid', (r) => indicatorId(r.code)],
        ['period', 'text', (r) => r.period],
        ['value', 'numeric', (r) => r.value],
        ['kind', 'text', (r) => r.kind],
      ],
      DEMO_INDICATORS.flatMap((i) => i.targets.map((t) => ({ code: i.code, ...t }))),
    );
    // The definition as the indicators api snapshots it in a revision.
    await insertRows(
      m,
      'indicator_revisions',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['indicator_id', 'uuid', (i) => indicatorId(i.code)],
        ['version', 'int', () => 1],
        [
          'definition',
          'jsonb',
          (i) => ({
            code: i.code,
            name: i.name,
            definition: i.definition,
            unit: i.unit,
            valueType: i.valueType,
            direction: i.direction,
            periodicity: i.periodicity,
            aggregationAcrossPartners: i.aggregationAcrossPartners,
            aggregationOverTime: i.aggregationOverTime,
            goalId: demoId('goal', i.placement.goal),
            strategyId: i.placement.strategy ? demoId('strategy', i.placement.strategy) : null,
            dimensions: i.dimensions.map((key) => ({ id: dimensionId(key), key })),
            baseline: i.baseline,
            targets: i.targets,
            dataSource: i.dataSource,
            measureType: i.measureType,
            minValue: i.minValue ?? null,
            maxValue: i.maxValue ?? null,
            status: 'active',
          }),
        ],
        ['change_note', 'text', () => `Imported from the example set “${DEMO_INDICATOR_SET.name}”.`],
        ['requires_recompute', 'boolean', () => false],
        ['author_id', 'uuid', () => demoId('user', AUTHOR)],
        ['created_at', 'timestamptz', created],
      ],
      DEMO_INDICATORS,
    );

    const count = (pick: (i: DemoIndicator) => string) => {
      const out: Record<string, number> = {};
      for (const i of DEMO_INDICATORS) out[pick(i)] = (out[pick(i)] ?? 0) + 1;
      return out;
    };
    return [
      { entity: 'dimension', after: { count: DEMO_DIMENSIONS.length, categories: categories.length } },
      {
        entity: 'indicator',
        after: {
          count: DEMO_INDICATORS.length,
          set: DEMO_INDICATOR_SET.name,
          valueTypes: count((i) => i.valueType),
          periodicities: count((i) => i.periodicity),
        },
      },
    ];
  },
};
