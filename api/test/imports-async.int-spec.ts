import { QUEUES } from '@constellation/shared';
import { type Job, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { join } from 'node:path';
import { Pool } from 'pg';
import pino from 'pino';
import { startTestApp, type TestApp } from './support/app';
import { dataSourceOf } from './support/fixtures';
import { commit, counts, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';

/**
 * Large imports (more rows than IMPORT_ASYNC_ROWS, here 3) are validated and committed by the
 * worker's `imports` jobs — the real handlers, consuming the api's queue — while the client polls
 * GET …/imports/:id for status and progress.
 */
let t: TestApp;
let fx: MeasurementFixture;
let pool: Pool;
let worker: Worker | null = null;
let connection: IORedis;
const progress: unknown[] = [];

beforeAll(async () => {
  t = await startTestApp({ IMPORT_ASYNC_ROWS: '3' });
  fx = await measurementFixture(t);
  const countId = await createIndicator(t, fx, { code: 'SERVED', valueType: 'count', periodicity: 'quarter' });
  await commit(t, fx, fx.partnerId, countId);
  pool = new Pool({ connectionString: t.dbUrl, max: 4 });
  connection = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await worker?.close();
  await connection?.quit();
  await pool?.end();
  await t?.close();
});

/** The worker's own modules (loaded by path: they live outside the api's rootDir). */
const workerSrc = join(__dirname, '..', '..', 'worker', 'src');
type Processor = (job: Job) => Promise<unknown>;

function startWorker() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest runs CommonJS; the worker is outside the api's rootDir
  const { createImportHandlers } = require(join(workerSrc, 'imports')) as {
    createImportHandlers: (deps: { pool: Pool; logger: pino.Logger }) => Record<string, unknown>;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const { createProcessor } = require(join(workerSrc, 'registry')) as { createProcessor: (queue: string, handlers: Record<string, unknown>) => Processor };
  const handlers = createImportHandlers({ pool, logger: pino({ level: 'silent' }) });
  worker = new Worker(QUEUES.imports, createProcessor(QUEUES.imports, handlers), { connection, prefix: t.config.queuePrefix });
  worker.on('progress', (_job, p) => progress.push(p));
}

const upload = (csv: string) =>
  fx.partner.http
    .post(`${fx.base}/imports`)
    .set('x-csrf-token', fx.partner.csrf ?? '')
    .field('partnerId', fx.partnerId)
    .attach('file', Buffer.from(csv, 'utf8'), 'large.csv');

async function until(importId: string, done: (status: string) => boolean) {
  for (let i = 0; i < 600; i++) {
    const res = await fx.partner.get(`${fx.base}/imports/${importId}`);
    expect(res.status).toBe(200);
    if (done(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`import ${importId} did not finish`);
}

it('a large file is checked and committed by worker jobs, with progress, and committed all at once', async () => {
  const before = await counts(t, fx);
  const res = await upload('indicator,period,value\nSERVED,2024-Q1,1\nSERVED,2024-Q2,2\nSERVED,2024-Q3,3\nSERVED,2024-Q4,4\n');
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'validating', progress: { phase: 'validating', rowsDone: 0, rowsTotal: 4 }, errors: [] });
  expect((await fx.partner.post(`${fx.base}/imports/${res.body.importId}/commit`)).status).toBe(409); // still being checked
  expect((await fx.other.get(`${fx.base}/imports/${res.body.importId}`)).status).toBe(404);

  startWorker();
  const ready = await until(res.body.importId, (s) => s !== 'validating');
  expect(ready).toMatchObject({ status: 'ready', progress: null, counts: { rows: 4, new: 4, changed: 0, unchanged: 0, errors: 0 } });
  expect(ready.sample).toHaveLength(4);
  expect(await counts(t, fx)).toEqual(before);

  const committing = await fx.partner.post(`${fx.base}/imports/${res.body.importId}/commit`);
  expect(committing.status).toBe(202);
  expect(committing.body).toMatchObject({ status: 'committing', committedAt: null });
  const done = await until(res.body.importId, (s) => s !== 'committing');
  expect(done).toMatchObject({ status: 'committed', result: { created: 4, updated: 0, unchanged: 0 } });
  const after = await counts(t, fx);
  expect(after.values - before.values).toBe(4);
  expect(after.revisions - before.revisions).toBe(4);
  expect(progress).toEqual(expect.arrayContaining([expect.objectContaining({ phase: 'committing', rowsDone: 4, rowsTotal: 4 })]));
  const audits = await dataSourceOf(t).query(`SELECT after FROM audit_events WHERE collaboration_id = $1 AND action = 'values.import'`, [fx.collaborationId]);
  expect(audits).toEqual([{ after: expect.objectContaining({ created: 4, via: 'import', fileName: 'large.csv' }) }]);
  // The staging table is gone once committed.
  const [{ n }] = await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'import_staging'`);
  expect(n).toBe(0);
});

it('a large file with errors ends invalid, listing them, and cannot be committed', async () => {
  const res = await upload('indicator,period,value\nSERVED,2025-Q1,1\nSERVED,2025-Q2,x\nSERVED,2025-Q3,3\nSERVED,2025-Q1,4\n');
  expect(res.body.status).toBe('validating');
  const invalid = await until(res.body.importId, (s) => s !== 'validating');
  expect(invalid.status).toBe('invalid');
  expect(invalid.errors).toEqual([
    expect.objectContaining({ row: 3, column: 'value' }),
    expect.objectContaining({ row: 5, column: null, message: expect.stringMatching(/repeats row 2/) }),
  ]);
  expect((await fx.partner.post(`${fx.base}/imports/${res.body.importId}/commit`)).status).toBe(409);
});
