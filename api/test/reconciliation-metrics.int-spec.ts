import request from 'supertest';
import { dataSourceOf } from './support/fixtures';
import { type MeasurementFixture, measurementFixture } from './support/measurement-fixture';
import { startTestApp, type TestApp } from './support/app';

/**
 * The scheduled reconciliation as an operator sees it: GET /api/metrics exposes, as gauges to
 * alert on, the latest result of each collaboration's reconciliation. The rows are written here
 * as the worker writes them (worker/test/reconcile.int-spec.ts corrupts live rollups and checks
 * the rows and the warning the worker's reconciliation writes).
 */
let t: TestApp;
let a: MeasurementFixture;
let b: MeasurementFixture;

async function recordRun(
  fx: MeasurementFixture,
  finishedAt: string,
  cells: { compared: number; missing?: number; extra?: number; different?: number },
): Promise<void> {
  const { missing = 0, extra = 0, different = 0 } = cells;
  await dataSourceOf(t).query(
    `INSERT INTO rollup_reconciliations (collaboration_id, started_at, finished_at, indicators_checked, indicators_skipped,
       cells_compared, cells_drifted, cells_missing, cells_extra, cells_different, examples)
     VALUES ($1, $2::timestamptz - interval '2 seconds', $2, 3, 0, $3, $4, $5, $6, $7, '[]')`,
    [fx.collaborationId, finishedAt, cells.compared, missing + extra + different, missing, extra, different],
  );
}

const gauges = async () => {
  const res = await request(t.app.getHttpServer()).get('/api/metrics');
  expect(res.status).toBe(200);
  const value = (name: string) => {
    const line = res.text.split('\n').find((l) => l.startsWith(`${name} `));
    if (line === undefined) throw new Error(`${name} is not exposed`);
    return Number(line.split(' ').pop());
  };
  return {
    lastRun: value('constellation_rollup_reconciliation_last_run_timestamp_seconds'),
    compared: value('constellation_rollup_reconciliation_cells_compared'),
    drifted: value('constellation_rollup_reconciliation_cells_drifted'),
    collaborationsDrifted: value('constellation_rollup_reconciliation_collaborations_drifted'),
  };
};

beforeAll(async () => {
  t = await startTestApp();
  a = await measurementFixture(t);
  b = await measurementFixture(t);
});

afterAll(async () => {
  await t?.close();
});

describe('reconciliation metrics', () => {
  it('before any reconciliation: last run 0, nothing compared, no drift', async () => {
    expect(await gauges()).toEqual({ lastRun: 0, compared: 0, drifted: 0, collaborationsDrifted: 0 });
  });

  it('sums the latest run of each collaboration: its drift shows until a later clean run', async () => {
    await recordRun(a, '2026-11-28T10:00:00Z', { compared: 500, different: 2, missing: 1 });
    await recordRun(b, '2026-11-28T10:00:05Z', { compared: 40 });
    expect(await gauges()).toEqual({
      lastRun: Date.parse('2026-11-28T10:00:05Z') / 1000,
      compared: 540,
      drifted: 3,
      collaborationsDrifted: 1,
    });

    await recordRun(a, '2026-11-28T11:00:00Z', { compared: 501 });
    expect(await gauges()).toEqual({
      lastRun: Date.parse('2026-11-28T11:00:00Z') / 1000,
      compared: 541,
      drifted: 0,
      collaborationsDrifted: 0,
    });

    await recordRun(b, '2026-11-28T11:00:04Z', { compared: 41, extra: 1 });
    expect(await gauges()).toMatchObject({ compared: 542, drifted: 1, collaborationsDrifted: 1 });
  });
});
