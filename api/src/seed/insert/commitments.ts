import { DEMO_COLLABORATION_ID } from '../demo/collaboration';
import { COMMITMENTS } from '../demo/commitments';
import { demoId } from '../demo/ids';
import { demoIndicator } from '../demo/indicators';
import { partnerAdminOf } from '../demo/people';
import { demoPeriods } from '../demo/values';
import { insertRows } from './bulk';
import type { SeedStep } from './context';
import { indicatorId } from './indicators';
import { joinedAt, later, memberOrganisation } from './timeline';

const CID = DEMO_COLLABORATION_ID;

/**
 * Each partner's commitments, starting three years back (the first period of the demo values),
 * made by its partner admin when it joined.
 */
export const commitmentsStep: SeedStep = {
  name: 'commitments',
  async run({ m, clock }) {
    const rows = Object.entries(COMMITMENTS).flatMap(([partner, codes]) =>
      codes.map((code) => {
        const ind = demoIndicator(code);
        const org = memberOrganisation(partner);
        const at = later(
          joinedAt(clock, org),
          clock.at(
            Math.max(1, Math.min(org.joinedDaysAgo - 3, ind.placement.daysAgo - 1)),
            `commit:${partner}:${code}`,
          ),
        );
        return { partner, code, start: demoPeriods(clock.now, ind.periodicity)[0]!, at };
      }),
    );
    await insertRows(
      m,
      'commitments',
      [
        ['collaboration_id', 'uuid', () => CID],
        ['partner_id', 'uuid', (r) => demoId('partner', r.partner)],
        ['indicator_id', 'uuid', (r) => indicatorId(r.code)],
        ['start_period', 'text', (r) => r.start],
        ['end_period', 'text', () => null],
        ['created_by', 'uuid', (r) => adminOf(r.partner)],
        ['created_at', 'timestamptz', (r) => r.at],
        ['updated_at', 'timestamptz', (r) => r.at],
      ],
      rows,
    );
    return [
      { entity: 'commitment', after: { count: rows.length, partners: Object.keys(COMMITMENTS).length } },
    ];
  },
};

function adminOf(partner: string): string {
  const admin = partnerAdminOf(partner);
  if (!admin) throw new Error(`demo partner ${partner} has no admin`);
  return demoId('user', admin.key);
}
