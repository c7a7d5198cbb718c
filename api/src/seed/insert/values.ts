import { DEMO_COLLABORATION_ID } from '../demo/collaboration';
import { demoId } from '../demo/ids';
import { buildDemoValues } from '../demo/values';
import { insertRows } from './bulk';
import type { SeedStep } from './context';
import { indicatorId } from './indicators';

const CID = DEMO_COLLABORATION_ID;

/**
 * Three years of values with their review state and a few revision histories, in two
 * set-based inserts.
 *
 * Instead of one outbox row per value change, one 'rebuild_requested' outbox row per indicator
 * asks the rollup worker to rebuild its rollups, progress and wins from the values (rollups
 * are derived data), so the demo's dashboards fill in within seconds of the first start.
 */
export const valuesStep: SeedStep = {
  name: 'values',
  async run({ m, clock }) {
    const { values, revisions, missing } = buildDemoValues(clock.now);
    const user = (key: string | null) => (key ? demoId('user', key) : null);
    await insertRows(
      m,
      'indicator_values',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['id', 'uuid', (v) => v.id],
        ['indicator_id', 'uuid', (v) => indicatorId(v.code)],
        ['partner_id', 'uuid', (v) => demoId('partner', v.partner)],
        ['period', 'text', (v) => v.period],
        ['cell', 'text', (v) => v.cell],
        ['value', 'numeric', (v) => v.value],
        ['numerator', 'numeric', (v) => v.numerator],
        ['denominator', 'numeric', (v) => v.denominator],
        ['status', 'text', (v) => v.status],
        ['comment', 'text', (v) => v.comment],
        ['return_reason', 'text', (v) => v.returnReason],
        ['flagged', 'boolean', (v) => v.flagged],
        ['flag_reason', 'text', (v) => v.flagReason],
        ['version', 'int', (v) => v.version],
        ['created_by', 'uuid', (v) => user(v.author)],
        ['updated_by', 'uuid', (v) => user(v.reviewer ?? v.author)],
        ['via', 'text', () => 'seed'],
        ['created_at', 'timestamptz', (v) => v.createdAt],
        ['updated_at', 'timestamptz', (v) => v.updatedAt],
        ['submitted_at', 'timestamptz', (v) => v.submittedAt],
        ['reviewed_at', 'timestamptz', (v) => v.reviewedAt],
        ['reviewed_by', 'uuid', (v) => user(v.reviewer)],
      ],
      values,
    );
    await insertRows(
      m,
      'value_revisions',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['value_id', 'uuid', (r) => r.valueId],
        ['version', 'int', (r) => r.version],
        ['action', 'text', (r) => r.action],
        ['before', 'jsonb', (r) => r.before],
        ['after', 'jsonb', (r) => r.after],
        ['reason', 'text', (r) => r.reason],
        ['actor_id', 'uuid', (r) => user(r.actor)],
        ['via', 'text', () => 'seed'],
        ['created_at', 'timestamptz', (r) => r.createdAt],
      ],
      revisions,
    );

    await m.query(
      `INSERT INTO outbox (collaboration_id, kind, indicator_id, payload)
       SELECT collaboration_id, 'rebuild_requested', id, '{"reason":"demo seed"}'::jsonb
         FROM indicators WHERE collaboration_id = $1`,
      [CID],
    );

    const byStatus: Record<string, number> = {};
    for (const v of values) byStatus[v.status] = (byStatus[v.status] ?? 0) + 1;
    return [
      {
        entity: 'indicator_value',
        after: {
          count: values.length,
          cells: values.filter((v) => v.cell !== 'total').length,
          byStatus,
          revisions: revisions.length,
          missingReports: missing.map((x) => ({ indicator: x.code, partner: x.partner, periods: x.periods })),
        },
      },
    ];
  },
};
