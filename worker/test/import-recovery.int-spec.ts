import { QUEUES } from '@constellation/shared';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { createLogger } from '../src/logger';
import { recoverLostImportJobs } from '../src/imports/recovery';
import { createTenant, freshRollupsDatabase, type Tenant, type TestDatabase } from './rollups-support';
import { testConfig } from './support';

/**
 * Imports whose validate/commit job is lost (Redis restarted without its data, a job that failed
 * outside its handler) are recorded as interrupted instead of saying "validating"/"committing" for
 * ever; imports whose job is still there, or that moved recently, are left alone. No worker
 * consumes the queue here: a job added by the test stays waiting.
 */
const logger = createLogger({ logLevel: 'silent' });
let db: TestDatabase;
let tenant: Tenant;
let connection: IORedis;
let queue: Queue;

beforeAll(async () => {
  db = await freshRollupsDatabase();
  tenant = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 1 });
  const config = testConfig({ DATABASE_URL: db.url });
  connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  queue = new Queue(QUEUES.imports, { connection, prefix: config.queuePrefix });
});
afterAll(async () => {
  await queue?.obliterate({ force: true });
  await queue?.close();
  await connection?.quit();
  await db?.drop();
});

/** An import row in `status`, last touched `minutesAgo` minutes ago. */
async function importIn(status: 'validating' | 'committing' | 'ready', minutesAgo: number): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO imports (collaboration_id, partner_id, file_name, format, size_bytes, status, counts, created_by, progress, updated_at)
     VALUES ($1, $2, 'values.csv', 'csv', 100, $3, '{"rows":2,"new":2,"changed":0,"unchanged":0,"errors":0}', $4,
             '{"phase":"committing","rowsDone":0,"rowsTotal":2}', now() - make_interval(mins => $5))
     RETURNING id`,
    [tenant.collaborationId, tenant.partners[0], status, tenant.userId, minutesAgo],
  );
  return rows[0]!.id;
}
const stateOf = async (id: string) =>
  (
    await db.pool.query<{ status: string; failure: string | null; progress: unknown }>(
      `SELECT status, failure, progress FROM imports WHERE id = $1`,
      [id],
    )
  ).rows[0]!;
const recover = () => recoverLostImportJobs({ pool: db.pool, queue, logger, olderThanMs: 10 * 60_000 });

it('an import whose job is gone is recorded as interrupted: a commit back to ready (nothing written), a check failed', async () => {
  const committing = await importIn('committing', 30);
  const validating = await importIn('validating', 30);
  expect(await recover()).toBe(2);
  expect(await stateOf(committing)).toEqual({
    status: 'ready',
    failure: 'The import was interrupted and nothing was imported; confirm it again',
    progress: null,
  });
  expect(await stateOf(validating)).toEqual({
    status: 'failed',
    failure: 'Checking the file was interrupted; upload it again',
    progress: null,
  });
  expect(await recover()).toBe(0); // once
});

it('leaves alone an import whose job is still in the queue, one that moved recently, and one in no job state', async () => {
  const waiting = await importIn('committing', 30);
  await queue.add(
    'commit',
    { collaborationId: tenant.collaborationId, importId: waiting, userId: tenant.userId },
    { jobId: `commit-${waiting}` },
  );
  const recent = await importIn('validating', 1);
  const ready = await importIn('ready', 30);
  expect(await recover()).toBe(0);
  expect((await stateOf(waiting)).status).toBe('committing');
  expect((await stateOf(recent)).status).toBe('validating');
  expect((await stateOf(ready)).status).toBe('ready');
});

it('a job that failed without its handler recording it (the import still says committing) counts as lost', async () => {
  // Imports of the tests above are done with; a queue of its own, consumed by a worker whose processor
  // fails before touching the import.
  await db.pool.query(`UPDATE imports SET status = 'committed' WHERE status IN ('validating', 'committing')`);
  const workerConnection = connection.duplicate();
  const prefix = `{wtest-${Math.random().toString(16).slice(2, 10)}}`;
  const failing = new Queue(QUEUES.imports, { connection, prefix });
  const worker = new Worker(
    QUEUES.imports,
    async () => {
      throw new UnrecoverableError('job stalled more than allowable limit');
    },
    { connection: workerConnection, prefix },
  );
  try {
    const stalled = await importIn('committing', 30);
    const job = await failing.add(
      'commit',
      { collaborationId: tenant.collaborationId, importId: stalled, userId: tenant.userId },
      { jobId: `commit-${stalled}` },
    );
    for (let i = 0; !(await job.isFailed()); i++) {
      if (i > 400) throw new Error('the job never failed');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(
      await recoverLostImportJobs({ pool: db.pool, queue: failing, logger, olderThanMs: 10 * 60_000 }),
    ).toBe(1);
    expect((await stateOf(stalled)).status).toBe('ready');
  } finally {
    await worker.close();
    await failing.obliterate({ force: true });
    await failing.close();
    await workerConnection.quit();
  }
});
