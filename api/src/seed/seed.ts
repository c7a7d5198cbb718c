import type { DataSource } from 'typeorm';

/** Seeds the demo collaboration when the database has no collaboration yet. */
export async function seedDemoIfEmpty(ds: DataSource): Promise<boolean> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM collaborations`);
  if (n > 0) return false;
  return false;
}
