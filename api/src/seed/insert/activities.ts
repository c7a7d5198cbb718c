import { ACTIVITIES } from '../demo/activities';
import { DEMO_COLLABORATION_ID } from '../demo/collaboration';
import { COMMITMENTS } from '../demo/commitments';
import { demoId } from '../demo/ids';
import { insertRows } from './bulk';
import type { SeedStep } from './context';
import { indicatorId } from './indicators';
import { joinedAt, later, memberOrganisation } from './timeline';

const CID = DEMO_COLLABORATION_ID;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date (YYYY-MM-DD, UTC) this many days before `now`; negative counts forward. */
function dayBefore(now: Date, daysAgo: number | null): string | null {
  if (daysAgo === null) return null;
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(startOfToday - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

/** Partners' activities, linked to strategies and to indicators they commit to, with narrative updates. */
export const activitiesStep: SeedStep = {
  name: 'activities',
  async run({ m, clock }) {
    const rows = ACTIVITIES.map((a) => {
      const outside = a.indicators.filter((code) => !COMMITMENTS[a.partner]?.includes(code));
      if (outside.length > 0)
        throw new Error(
          `demo activity ${a.key} links ${outside.join(', ')}, which ${a.partner} does not report`,
        );
      const at = later(
        joinedAt(clock, memberOrganisation(a.partner)),
        clock.at(a.daysAgo, `activity:${a.key}`),
      );
      const updates = a.updates.map((u, i) => ({
        id: demoId('activity-update', `${a.key}:${i}`),
        author: u.author,
        body: u.body,
        at: later(at, clock.at(u.daysAgo, `activity-update:${a.key}:${i}`)),
      }));
      const lastUpdate = updates.reduce((t, u) => (u.at > t ? u.at : t), at);
      return { ...a, id: demoId('activity', a.key), at, updatedAt: lastUpdate, updates };
    });
    await insertRows(
      m,
      'activities',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['id', 'uuid', (a) => a.id],
        ['partner_id', 'uuid', (a) => demoId('partner', a.partner)],
        ['strategy_id', 'uuid', (a) => demoId('strategy', a.strategy)],
        ['name', 'text', (a) => a.name],
        ['description', 'text', (a) => a.description],
        ['status', 'text', (a) => a.status],
        ['start_date', 'date', (a) => dayBefore(clock.now, a.startDaysAgo)],
        ['end_date', 'date', (a) => dayBefore(clock.now, a.endDaysAgo)],
        ['created_by', 'uuid', (a) => demoId('user', a.createdBy)],
        ['created_at', 'timestamptz', (a) => a.at],
        ['updated_at', 'timestamptz', (a) => a.updatedAt],
      ],
      rows,
    );
    const links = rows.flatMap((a) => a.indicators.map((code) => ({ activity: a.id, code })));
    await insertRows(
      m,
      'activity_indicators',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['activity_id', 'uuid', (l) => l.activity],
        ['indicator_id', 'uuid', (l) => indicatorId(l.code)],
      ],
      links,
    );
    const updates = rows.flatMap((a) => a.updates.map((u) => ({ ...u, activity: a.id })));
    await insertRows(
      m,
      'activity_updates',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['id', 'uuid', (u) => u.id],
        ['activity_id', 'uuid', (u) => u.activity],
        ['author_id', 'uuid', (u) => demoId('user', u.author)],
        ['body', 'text', (u) => u.body],
        ['created_at', 'timestamptz', (u) => u.at],
      ],
      updates,
    );
    return [
      {
        entity: 'activity',
        after: { count: rows.length, indicatorLinks: links.length, updates: updates.length },
      },
    ];
  },
};
