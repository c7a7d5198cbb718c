import type { PoolClient } from 'pg';

type Queryable = Pick<PoolClient, 'query'>;

export interface NewWin {
  kind: 'milestone' | 'long_term';
  milestonePeriod: string;
  metValue: string;
}

/** '130.000' → '130', '0.8500' → '0.85' (numeric text as PostgreSQL returns it). */
export function formatNumber(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

/** "Milestone met: Children reading at grade level reached 130 children for 2025". */
export function winTitle(indicatorName: string, unit: string, win: NewWin): string {
  const value = `${formatNumber(win.metValue)}${unit.trim() ? ` ${unit.trim()}` : ''}`;
  const what = win.kind === 'long_term' ? 'Long-term target met' : 'Milestone met';
  const title = `${what}: ${indicatorName} reached ${value} for ${win.milestonePeriod}`;
  return title.length > 300 ? `${title.slice(0, 299)}…` : title;
}

/**
 * 'milestone_met' notifications for wins recorded for the first time, written in the caller's
 * transaction (the one that records the wins), so they exist exactly when the win does: a retry,
 * a second job or a concurrent run finds the win already there and writes nothing. Everyone who is
 * a member of the collaboration is told — backbone, partners and funders — because a win is met by
 * the all-partner total and every member may read wins (GET …/wins). Each row is 'pending' for the
 * email relay; the notifications trigger announces it to open bells when the transaction commits.
 */
export async function notifyWinsIn(db: Queryable, collaborationId: string, indicatorId: string, wins: readonly NewWin[]): Promise<number> {
  if (wins.length === 0) return 0;
  const { rows } = await db.query<{ name: string; unit: string }>(
    `SELECT name, unit FROM indicators WHERE collaboration_id = $1 AND id = $2`,
    [collaborationId, indicatorId],
  );
  const indicator = rows[0];
  if (!indicator) return 0;
  const link = `/collaborations/${collaborationId}/indicators/${indicatorId}`;
  const titles = wins.map((w) => winTitle(indicator.name, indicator.unit, w));
  const bodies = wins.map((w) =>
    w.kind === 'long_term'
      ? `The all-partner total met the long-term target (${w.milestonePeriod}).`
      : `The all-partner total met the ${w.milestonePeriod} milestone.`,
  );
  const inserted = await db.query(
    `INSERT INTO notifications (user_id, collaboration_id, kind, actor_id, title, body, link)
     SELECT m.user_id, $1, 'milestone_met', NULL, w.title, w.body, $2
       FROM memberships m CROSS JOIN unnest($3::text[], $4::text[]) AS w(title, body)
      WHERE m.collaboration_id = $1`,
    [collaborationId, link, titles, bodies],
  );
  return inserted.rowCount ?? 0;
}
