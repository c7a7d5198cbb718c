import type { DataSource, EntityManager } from 'typeorm';
import { DEMO_COLLABORATION_ID } from './demo/collaboration';
import { demoId } from './demo/ids';
import { JOIN_REQUEST, MEMBER_ORGANISATIONS, OPEN_INVITATION } from './demo/organisations';
import { PEOPLE } from './demo/people';
import { insertDemo, type SeedOptions } from './insert/run';

export {
  DEMO_ADMIN_EMAIL,
  DEMO_CONTRIBUTOR_EMAIL,
  DEMO_FUNDER_EMAIL,
  DEMO_PARTNER_ADMIN_EMAIL,
  DEMO_PASSWORD,
  DEMO_REQUESTER_EMAIL,
  DEMO_STAFF_EMAIL,
} from './demo/accounts';
export { DEMO_COLLABORATION, DEMO_COLLABORATION_ID } from './demo/collaboration';
export { demoId } from './demo/ids';
export { DEMO_ACCOUNTS, type DemoAccount } from './demo/people';
export type { SeedOptions } from './insert/run';

/**
 * Serialises seeding across processes (two api replicas starting together): the second waits
 * for the first transaction, then sees its collaboration and does nothing.
 */
async function lockSeeding(m: EntityManager): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('constellation.seed.demo'))`);
}

/**
 * Seeds the demo collaboration when the database has no collaboration yet, in one transaction.
 * Returns true if it seeded. Also does nothing (false) when demo accounts or organisations are
 * already there without a collaboration, rather than failing the api's start on a duplicate.
 */
export async function seedDemoIfEmpty(ds: DataSource, options: SeedOptions = {}): Promise<boolean> {
  return ds.transaction(async (m) => {
    await lockSeeding(m);
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM collaborations`);
    if (n > 0) return false;
    const [{ clash }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM users WHERE email = ANY($1::text[]))
           OR EXISTS (SELECT 1 FROM organisations WHERE id = ANY($2::uuid[])) AS clash`,
      [
        PEOPLE.map((p) => p.email.toLowerCase()),
        [...MEMBER_ORGANISATIONS.map((o) => o.key), JOIN_REQUEST.key, OPEN_INVITATION.key].map((key) =>
          demoId('organisation', key),
        ),
      ],
    );
    if (clash) return false;
    await insertDemo(m, options);
    return true;
  });
}

/** Seeds the demo unconditionally, in one transaction (tests; fails if it is already there). */
export async function seedDemo(ds: DataSource, options: SeedOptions = {}): Promise<void> {
  await ds.transaction(async (m) => {
    await lockSeeding(m);
    await insertDemo(m, options);
  });
}

/** Whether the demo collaboration is in this database. */
export async function demoIsSeeded(ds: DataSource): Promise<boolean> {
  const rows = await ds.query(`SELECT 1 FROM collaborations WHERE id = $1`, [DEMO_COLLABORATION_ID]);
  return rows.length > 0;
}
