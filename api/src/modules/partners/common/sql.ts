import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';

/**
 * Run a parameterised statement and return its rows. TypeORM answers UPDATE/DELETE with
 * `[rows, rowCount]` and everything else with `rows`; this hides the difference.
 */
export async function sqlRows<T>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

export async function sqlOne<T>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T | null> {
  const rows = await sqlRows<T>(m, sql, params);
  return rows[0] ?? null;
}

/** True for a PostgreSQL unique violation (optionally of one constraint). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = (err as QueryFailedError & { driverError?: { code?: string; constraint?: string } })
    .driverError;
  return driver?.code === '23505' && (constraint === undefined || driver.constraint === constraint);
}

/**
 * Serialise writes that check "how many are left" (last backbone admin, one pending
 * request per person) within one collaboration: a transaction-scoped advisory lock.
 */
export async function lockScope(m: EntityManager, scope: string, collaborationId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${scope}:${collaborationId}`]);
}
