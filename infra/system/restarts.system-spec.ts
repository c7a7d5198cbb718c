import { openEvents } from './support/client';
import { compareWithRebuild, compareWithReference } from './support/compare';
import { PgProxy } from './support/pg-proxy';
import { PrivateRedis } from './support/processes';
import {
  addPartner,
  commit,
  createCollaboration,
  createIndicator,
  submitValues,
  type Collaboration,
  type Partner,
  type ValueRow,
} from './support/scenario';
import { Stack } from './support/stack';
import { until } from './support/wait';

/**
 * QUALITY.md "Reliability" and issue 4 "Bad input and faults": Redis restarted and PostgreSQL
 * restarted while the worker runs — processing resumes by itself (the same worker process, no
 * help) and the rollups converge to the reference and to a full rebuild.
 *
 * The shared Redis and PostgreSQL are never restarted: api and worker use a private redis-server
 * (killed with -9 and started again on the same port), and the worker reaches PostgreSQL through
 * a TCP proxy that cuts every connection and refuses new ones for a while (see PgProxy).
 */
let redis: PrivateRedis;
let proxy: PgProxy;
let stack: Stack;
let c: Collaboration;
const partners: Partner[] = [];
let people: string;
let rate: string;

let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const months = Array.from(
  { length: 120 },
  (_, i) => `${2016 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);

/** `n` values (new ones and revisions) for random partners, indicators and months, sent ≤ 1000 a request. */
async function burst(n: number): Promise<void> {
  const perPartner = Math.ceil(n / partners.length);
  // Each partner has 2 indicators × 120 months to write; a request holds each of them at most once.
  if (perPartner > 2 * months.length) throw new Error(`a burst of ${n} needs more months`);
  for (const p of partners) {
    const rows = new Map<string, ValueRow>();
    while (rows.size < perPartner) {
      const month = months[int(0, months.length - 1)];
      if (rand() < 0.5) {
        rows.set(`people|${month}`, {
          indicatorId: people,
          partnerId: p.id,
          period: month,
          value: String(int(0, 900)),
        });
      } else {
        const denominator = int(1, 500);
        rows.set(`rate|${month}`, {
          indicatorId: rate,
          partnerId: p.id,
          period: month,
          numerator: String(int(0, denominator)),
          denominator: String(denominator),
        });
      }
    }
    const list = [...rows.values()];
    for (let i = 0; i < list.length; i += 1000) await submitValues(c, p, list.slice(i, i + 1000));
  }
}

/** Rollup jobs running or queued, or outbox rows waiting for the relay. */
async function workInHand(): Promise<boolean> {
  const jobs = await stack.queue.getJobCounts('active', 'waiting', 'prioritized');
  return Object.values(jobs).some((n) => n > 0) || (await stack.pendingOutbox()) > 0;
}

async function expectConverged(): Promise<void> {
  await stack.settled();
  expect(await compareWithReference(stack.pool, c.id)).toEqual([]);
}

beforeAll(async () => {
  redis = await PrivateRedis.start();
  proxy = await PgProxy.start();
  stack = new Stack({ redisUrl: redis.url, workerDatabasePort: proxy.port });
  await stack.start();
  c = await createCollaboration(stack.baseUrl, { fiscalYearStartMonth: 7, requiresApproval: false });
  const common = { baselinePeriod: 'FY2014', longTermPeriod: 'FY2030', aggregationOverTime: 'sum' as const };
  people = await createIndicator(c, {
    code: 'PEOPLE',
    valueType: 'count',
    periodicity: 'month',
    aggregationAcrossPartners: 'sum',
    ...common,
  });
  rate = await createIndicator(c, {
    code: 'RATE',
    valueType: 'percentage',
    periodicity: 'month',
    aggregationAcrossPartners: 'ratio',
    ...common,
  });
  for (const name of ['harbour', 'hill', 'valley']) {
    const p = await addPartner(c, name);
    await commit(c, p, [
      { indicatorId: people, startPeriod: 'FY2015' },
      { indicatorId: rate, startPeriod: 'FY2015' },
    ]);
    partners.push(p);
  }
  await burst(600);
  await expectConverged();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
  await redis?.close();
});

describe('restarts of Redis and PostgreSQL while the worker runs', () => {
  it('resumes by itself after Redis is killed and started again', async () => {
    const worker = stack.worker!;
    const from = worker.mark();
    const events = await openEvents(c.admin, c.id);
    await events.next((e) => e.event === 'ready');
    const sending = burst(600);
    await until(workInHand, {
      intervalMs: 5,
      what: 'the worker to have work in hand',
    });
    await redis.kill9();
    // The api still accepts values while Redis is down: they wait in the outbox.
    await sending;
    await burst(300);
    await worker.waitForOutput('lost the connection to Redis', 60_000, from);
    await redis.start();
    await worker.waitForOutput('reconnected to Redis', 60_000, from);

    await expectConverged();
    expect(worker.running).toBe(true);
    expect(stack.worker).toBe(worker); // the same process: nobody restarted it

    // The live stream opened before the restart carries updates again (the api resubscribed).
    const seen = events.events.length;
    await submitValues(c, partners[0], [
      { indicatorId: people, partnerId: partners[0].id, period: '2016-01', value: '4321' },
    ]);
    await events.next(
      (e) => e.event === 'rollup-updated' && e.data.includes(people) && e.data.includes('"2016-01"'),
      { from: seen },
    );
    events.close();
  });

  it('resumes by itself after PostgreSQL drops every connection and refuses new ones for a while', async () => {
    const worker = stack.worker!;
    const from = worker.mark();
    const acceptedBefore = proxy.accepted;
    let burstDone = false;
    const sending = burst(600).finally(() => (burstDone = true));
    // Best cut while rollup jobs run (their queries fail mid-flight); if the burst is over before
    // one is seen, cut anyway: the values sent during the outage give the relay work it cannot do.
    await until(async () => burstDone || (await stack.queue.getActiveCount()) > 0, {
      intervalMs: 5,
      what: 'a rollup job to run or the burst to end',
    });
    await proxy.down();
    // While PostgreSQL is "down" the relay's polls and the running jobs fail; the api (which
    // reaches PostgreSQL directly) keeps accepting values.
    await sending;
    await burst(300);
    await worker.waitForOutput('outbox relay failed', 60_000, from);
    // Keep it "down" a few seconds: the length of the fault, not something the test measures.
    await new Promise((r) => setTimeout(r, 3000));
    await proxy.up();

    await expectConverged();
    expect(proxy.accepted).toBeGreaterThan(acceptedBefore); // it did reconnect
    const retried = worker.log().slice(from).split('job failed, will retry').length - 1;
    console.log(
      `PostgreSQL restart: ${retried} rollup job attempt(s) failed and were retried; ${proxy.accepted - acceptedBefore} new connection(s)`,
    );
    expect(worker.running).toBe(true);
    expect(stack.worker).toBe(worker);
  });

  it('ends equal to a full rebuild, with no job failed for good', async () => {
    expect(await stack.failedJobs()).toEqual([]);
    const { againstReference, againstRebuild } = await compareWithRebuild(stack.pool, c.id);
    expect(againstReference).toEqual([]);
    expect(againstRebuild).toEqual([]);
  });
});
