/**
 * Outbox rows progress consumes. A change of an indicator's baseline or targets changes no
 * rollup, but every progress row, win and the trajectory of that indicator. shared/src/queues.ts
 * declares no progress job yet, so it travels as the indicator's `rebuild` job (deduplicated with
 * a definition change of the same indicator), whose handler recomputes progress for every period
 * after the rebuild.
 */
export const PROGRESS_KINDS = ['indicator_targets_changed'] as const;

export function progressJobFor(row: { collaboration_id: string; indicator_id: string; kind: string }) {
  if (!(PROGRESS_KINDS as readonly string[]).includes(row.kind)) return null;
  return {
    name: 'rebuild' as const,
    data: { collaborationId: row.collaboration_id, indicatorId: row.indicator_id },
    dedupId: `rebuild:${row.collaboration_id}:${row.indicator_id}`,
  };
}
