import { compareWithRebuild } from './support/compare';
import { SHARED_REDIS_URL } from './support/processes';
import {
  addPartner,
  commit,
  createCollaboration,
  createDimension,
  createIndicator,
  submitValues,
  type Collaboration,
  type Partner,
  type ValueRow,
} from './support/scenario';
import { Stack } from './support/stack';
import { until } from './support/wait';

/**
 * Issue 4, "Done when": SIGKILL the worker during a burst of 10k values, restart it, and the
 * rollups equal the rebuild — no value missing or doubled.
 *
 * 10,000 value writes through the api's batch upsert (≤ 1000 rows a request, one partner's rows
 * each): five partners × four indicators (monthly and quarterly; sum, average and ratio
 * aggregation; total and breakdown cells) × twelve years, then revisions of values already
 * written, sent two requests at a time so rollup jobs of the same indicator × period overlap.
 * A third of the way in, once rollup jobs are running, the worker gets SIGKILL (no shutdown code
 * runs: its active jobs are left half-done in Redis, its transactions cut); a new worker starts
 * while the burst goes on.
 */
const stack = new Stack({ redisUrl: SHARED_REDIS_URL });
let c: Collaboration;
const partners: Partner[] = [];
const FIRST_YEAR = 2015;
const YEARS = 12;
const TOTAL_WRITES = 10_000;

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(Number(process.env.SYSTEM_SEED ?? 20261128));
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

interface Indicators {
  people: string; // count, monthly, sum/sum, by sex
  spend: string; // amount, monthly, sum/average, by age band
  rate: string; // percentage, monthly, ratio/last
  average: string; // count, quarterly, average/last, by sex
}
let ind: Indicators;

/** One value group: a total and its full breakdown (or a lone total), written together so they stay consistent. */
type Group = ValueRow[];

const months = Array.from(
  { length: YEARS * 12 },
  (_, i) => `${FIRST_YEAR + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);
const quarters = Array.from(
  { length: YEARS * 4 },
  (_, i) => `${FIRST_YEAR + Math.floor(i / 4)}-Q${(i % 4) + 1}`,
);

function split(total: number, parts: number): number[] {
  const cuts = Array.from({ length: parts - 1 }, () => int(0, total)).sort((a, b) => a - b);
  return [...cuts, total].map((cut, i) => cut - (i === 0 ? 0 : [...cuts, total][i - 1]));
}
const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

/** A fresh group of numbers for one partner, indicator and period. */
function group(partnerId: string, indicator: keyof Indicators, period: string): Group {
  const base = { partnerId, indicatorId: ind[indicator], period };
  switch (indicator) {
    case 'people':
    case 'average': {
      const total = int(0, 400);
      const [f, m] = split(total, 2);
      return [
        { ...base, cell: 'total', value: String(total) },
        { ...base, cell: { sex: 'f' }, value: String(f) },
        { ...base, cell: { sex: 'm' }, value: String(m) },
      ];
    }
    case 'spend': {
      const total = int(0, 5_000_000);
      const parts = split(total, 4);
      return [
        { ...base, cell: 'total', value: cents(total) },
        ...['a', 'b', 'c', 'd'].map((band, i) => ({ ...base, cell: { age: band }, value: cents(parts[i]) })),
      ];
    }
    case 'rate': {
      const denominator = int(1, 1000);
      return [
        { ...base, cell: 'total', numerator: String(int(0, denominator)), denominator: String(denominator) },
      ];
    }
  }
}

const cellKey = (r: ValueRow) =>
  r.cell === 'total' || !r.cell
    ? 'total'
    : Object.entries(r.cell)
        .map(([k, v]) => `${k}=${v}`)
        .join(';');
const rowKey = (r: ValueRow) => `${r.partnerId}|${r.indicatorId}|${r.period}|${cellKey(r)}`;

beforeAll(async () => {
  await stack.start();
  c = await createCollaboration(stack.baseUrl, { fiscalYearStartMonth: 1, requiresApproval: false });
  const sex = await createDimension(c, 'sex', ['f', 'm']);
  const age = await createDimension(c, 'age', ['a', 'b', 'c', 'd']);
  const common = { baselinePeriod: '2014', longTermPeriod: '2030' };
  ind = {
    people: await createIndicator(c, {
      code: 'PEOPLE',
      valueType: 'count',
      periodicity: 'month',
      aggregationAcrossPartners: 'sum',
      aggregationOverTime: 'sum',
      dimensions: [sex],
      ...common,
    }),
    spend: await createIndicator(c, {
      code: 'SPEND',
      valueType: 'amount',
      periodicity: 'month',
      aggregationAcrossPartners: 'sum',
      aggregationOverTime: 'average',
      dimensions: [age],
      ...common,
    }),
    rate: await createIndicator(c, {
      code: 'RATE',
      valueType: 'percentage',
      periodicity: 'month',
      aggregationAcrossPartners: 'ratio',
      aggregationOverTime: 'last',
      ...common,
    }),
    average: await createIndicator(c, {
      code: 'AVERAGE',
      valueType: 'count',
      periodicity: 'quarter',
      aggregationAcrossPartners: 'average',
      aggregationOverTime: 'last',
      dimensions: [sex],
      ...common,
    }),
  };
  for (const name of ['north', 'south', 'east', 'west', 'centre']) {
    const p = await addPartner(c, name);
    await commit(
      c,
      p,
      Object.values(ind).map((indicatorId) => ({ indicatorId, startPeriod: String(FIRST_YEAR) })),
    );
    partners.push(p);
  }
}, 180_000);

afterAll(async () => {
  await stack.stop();
});

describe('SIGKILL of the worker during a burst of 10,000 values', () => {
  it('converges after a restart to the full rebuild: nothing missing, nothing counted twice', async () => {
    // The burst, planned up front: every partner's new values, then revisions of written ones.
    const model = new Map<string, ValueRow>();
    const requests: Array<{ partner: Partner; rows: ValueRow[] }> = [];
    const chunk = (partner: Partner, groups: Group[]) => {
      let rows: ValueRow[] = [];
      for (const g of groups) {
        if (rows.length + g.length > 1000) {
          requests.push({ partner, rows });
          rows = [];
        }
        rows.push(...g);
      }
      if (rows.length) requests.push({ partner, rows });
    };
    const groupsOf = (p: Partner) => [
      ...months.flatMap((m) => (['people', 'spend', 'rate'] as const).map((i) => group(p.id, i, m))),
      ...quarters.map((q) => group(p.id, 'average', q)),
    ];
    const fresh = partners.map((p) => ({ p, groups: groupsOf(p) }));
    // Round-robin over partners, so several partners write the same indicator × period at once.
    for (let round = 0; fresh.some((f) => f.groups.length); round++) {
      for (const f of fresh) chunk(f.p, f.groups.splice(0, 330));
    }
    let written = requests.reduce((n, r) => n + r.rows.length, 0);
    const newRows = written;
    // Revisions: new numbers for groups already written (a group at most once per request).
    while (written < TOTAL_WRITES) {
      const p = partners[int(0, partners.length - 1)];
      const seen = new Set<string>();
      const groups: Group[] = [];
      let size = 0;
      while (size < 700 && written + size < TOTAL_WRITES) {
        const which = (['people', 'spend', 'rate', 'average'] as const)[int(0, 3)];
        const period =
          which === 'average' ? quarters[int(0, quarters.length - 1)] : months[int(0, months.length - 1)];
        const g = group(p.id, which, period);
        if (seen.has(rowKey(g[0]))) continue;
        // Exactly 10,000 writes: the last group may have to be a lone total (the rate indicator).
        if (written + size + g.length > TOTAL_WRITES) continue;
        seen.add(rowKey(g[0]));
        groups.push(g);
        size += g.length;
      }
      chunk(p, groups);
      written += size;
    }
    expect(written).toBe(TOTAL_WRITES);
    expect(requests.every((r) => r.rows.length <= 1000)).toBe(true);

    // After a third of the requests, SIGKILL the worker while jobs are active.
    const killAfter = Math.floor(requests.length / 3);
    let sent = 0;
    let killed: Promise<void> | undefined;
    let orphanedJobs = -1;
    const results = { created: 0, updated: 0, unchanged: 0 };
    const killAndRestart = async () => {
      await until(async () => (await stack.queue.getActiveCount()) > 0, {
        timeoutMs: 120_000,
        intervalMs: 5,
        what: 'a rollup job to be running',
        detail: () => stack.worker!.tail(),
      });
      const victim = stack.worker!;
      await victim.kill9();
      // Jobs the dead worker held stay "active" in Redis until a live worker finds them stalled.
      orphanedJobs = await stack.queue.getActiveCount();
      await stack.startWorker();
    };
    // Two requests at a time, never two of the same partner: a partner's writes stay in order, so
    // the last value sent for a key is the one stored (and revisions find the values they revise).
    const pending = [...requests];
    const busy = new Set<string>();
    const sender = async () => {
      while (pending.length) {
        const at = pending.findIndex((r) => !busy.has(r.partner.id));
        if (at < 0) {
          await new Promise((r) => setTimeout(r, 10)); // the other sender has the only partner left
          continue;
        }
        const [next] = pending.splice(at, 1);
        busy.add(next.partner.id);
        try {
          const r = await submitValues(c, next.partner, next.rows);
          results.created += r.created;
          results.updated += r.updated;
          results.unchanged += r.unchanged;
          for (const row of next.rows) model.set(rowKey(row), row);
        } finally {
          busy.delete(next.partner.id);
        }
        if (++sent >= killAfter && !killed) killed = killAndRestart();
      }
    };
    const burstStarted = Date.now();
    await Promise.all([sender(), sender()]);
    const burstSeconds = (Date.now() - burstStarted) / 1000;
    await killed;
    expect(orphanedJobs).toBeGreaterThan(0);
    expect(results.created).toBe(newRows);
    expect(results.created + results.updated + results.unchanged).toBe(TOTAL_WRITES);

    const settleStarted = Date.now();
    await stack.settled(180_000);
    const settleSeconds = (Date.now() - settleStarted) / 1000;
    expect(await stack.failedJobs()).toEqual([]);

    // The values are what was sent last for each key: none missing, none doubled.
    const stored = await stack.pool.query<{
      partner_id: string;
      indicator_id: string;
      period: string;
      cell: string;
      value: string | null;
      numerator: string | null;
      denominator: string | null;
    }>(
      `SELECT partner_id, indicator_id, period, cell, value::text, numerator::text, denominator::text FROM indicator_values WHERE collaboration_id = $1`,
      [c.id],
    );
    expect(stored.rows.length).toBe(model.size);
    const canonicalCell = (cell: string) => cell.split(';').sort().join(';');
    const storedByKey = new Map(
      stored.rows.map((r) => [`${r.partner_id}|${r.indicator_id}|${r.period}|${canonicalCell(r.cell)}`, r]),
    );
    const mismatches = [...model].filter(([key, row]) => {
      const s = storedByKey.get(key);
      if (!s) return true;
      if (row.value !== undefined) return Number(s.value) !== Number(row.value);
      return (
        Number(s.numerator) !== Number(row.numerator) || Number(s.denominator) !== Number(row.denominator)
      );
    });
    expect(mismatches.slice(0, 5)).toEqual([]);

    const compareStarted = Date.now();
    const { live, againstReference, againstRebuild } = await compareWithRebuild(stack.pool, c.id);
    const compareSeconds = (Date.now() - compareStarted) / 1000;
    expect(againstReference).toEqual([]);
    expect(againstRebuild).toEqual([]);

    // Counted exactly once: per cell, the monthly all-partner rollups of a summed indicator add up
    // to the sum of the values sent last, and count each value once.
    const sums = new Map<string, { value: number; count: number }>();
    for (const row of model.values()) {
      if (row.indicatorId !== ind.people) continue;
      const s = sums.get(cellKey(row)) ?? { value: 0, count: 0 };
      s.value += Number(row.value);
      s.count += 1;
      sums.set(cellKey(row), s);
    }
    for (const [cell, expected] of sums) {
      const rows = live.filter(
        (r) =>
          r.indicatorId === ind.people && r.granularity === 'month' && r.scope === 'all' && r.cell === cell,
      );
      expect({
        cell,
        value: rows.reduce((n, r) => n + Number(r.value), 0),
        count: rows.reduce((n, r) => n + r.valueCount, 0),
      }).toEqual({
        cell,
        value: expected.value,
        count: expected.count,
      });
    }
    expect(sums.get('total')!.count).toBe(partners.length * months.length);

    // And the read api serves the same yearly totals.
    const years = await c.admin.expect<{ items: Array<{ value: string }> }>(
      200,
      'GET',
      `${c.base}/rollups?indicatorId=${ind.people}&granularity=year&cell=total&from=${FIRST_YEAR}&to=${FIRST_YEAR + YEARS - 1}`,
    );
    expect(years.items.reduce((n, r) => n + Number(r.value), 0)).toBe(sums.get('total')!.value);
    console.log(
      `burst: ${TOTAL_WRITES} writes in ${requests.length} requests (${results.created} new, ${results.updated} revised, ${results.unchanged} unchanged); ` +
        `worker killed after request ${killAfter} with ${orphanedJobs} job(s) active; ${live.length} rollup rows compared; ` +
        `burst ${burstSeconds.toFixed(1)} s, then ${settleSeconds.toFixed(1)} s until drained and idle (stalled jobs recovered), comparison ${compareSeconds.toFixed(1)} s`,
    );
  });
});
