import type { EntityManager } from 'typeorm';

/**
 * TypeORM's `query()` answers UPDATE and DELETE with `[rows, rowCount]` and everything else with
 * the rows. These two helpers hide that difference for the repositories of this module.
 */
function isUpdateResult(raw: unknown): raw is [unknown[], number] {
  return Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number';
}

/** The rows a statement returns (SELECT, INSERT/UPDATE/DELETE … RETURNING). */
export async function queryRows<T>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await m.query(sql, params);
  if (isUpdateResult(raw)) return raw[0] as T[];
  return (raw ?? []) as T[];
}

/** The first row, or null. */
export async function queryOne<T>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T | null> {
  return (await queryRows<T>(m, sql, params))[0] ?? null;
}

/** How many rows an UPDATE or DELETE touched. */
export async function execute(m: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const raw: unknown = await m.query(sql, params);
  return isUpdateResult(raw) ? raw[1] : 0;
}

/** Escape LIKE wildcards so user text matches literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
