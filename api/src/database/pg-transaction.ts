import type { Pool, PoolClient } from 'pg';

/**
 * Run `work` in one transaction on a client of a plain pg pool (the set-based paths that bypass
 * TypeORM: rollup and progress jobs in the worker, import validation and commit). Rolls back on any
 * error and always releases the client.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  isolation: 'READ COMMITTED' | 'REPEATABLE READ' = 'READ COMMITTED',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
