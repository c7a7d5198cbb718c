import type { ActivityMatrixView } from '@constellation/shared';

/** A cancelled activity does not make a partner active on a strategy; every other status does. */
const counts = (a: { status: string }) => a.status !== 'cancelled';

export interface MatrixAnalysis {
  /** Per strategy id: the partners with at least one activity on it. */
  partnersByStrategy: Map<string, string[]>;
  /** Strategies nobody works on. */
  gaps: ActivityMatrixView['strategies'];
  /** Strategies several partners work on (a chance to coordinate). */
  overlaps: ActivityMatrixView['strategies'];
  /** Partners with no activity at all (on a strategy or not). */
  idlePartners: ActivityMatrixView['partners'];
}

/** Gaps, overlaps and partners without activities, from the partners × strategies matrix. */
export function analyseMatrix(m: ActivityMatrixView): MatrixAnalysis {
  const partnersByStrategy = new Map<string, string[]>(m.strategies.map((s) => [s.id, []]));
  for (const p of m.partners)
    for (const c of p.cells) if (c.activities.some(counts)) partnersByStrategy.get(c.strategyId)?.push(p.organisationName);
  return {
    partnersByStrategy,
    gaps: m.strategies.filter((s) => (partnersByStrategy.get(s.id)?.length ?? 0) === 0),
    overlaps: m.strategies.filter((s) => (partnersByStrategy.get(s.id)?.length ?? 0) > 1),
    idlePartners: m.partners.filter((p) => !p.cells.some((c) => c.activities.some(counts)) && !p.unassigned.some(counts)),
  };
}
