import { startTestApp, type TestApp } from './support/app';
import { dataSourceOf } from './support/fixtures';
import {
  commit,
  counts,
  createActivity,
  createIndicator,
  type IndicatorOptions,
  type MeasurementFixture,
  measurementFixture,
  outbox,
} from './support/measurement-fixture';

let t: TestApp;
let fx: MeasurementFixture;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
});
afterAll(async () => {
  await t?.close();
});

/** A fresh indicator the partner has committed to. */
async function committed(o: IndicatorOptions = {}): Promise<string> {
  const id = await createIndicator(t, fx, o);
  await commit(t, fx, fx.partnerId, id);
  return id;
}
const row = (indicatorId: string, extra: Record<string, unknown> = {}) => ({
  indicatorId,
  partnerId: fx.partnerId,
  period: '2025-Q1',
  value: 10,
  ...extra,
});
const batch = (values: object[], extra: Record<string, unknown> = {}) =>
  fx.partner.post(`${fx.base}/values/batch`, { values, ...extra });
const outboxOf = async (indicatorId: string) =>
  (await outbox(t, fx)).filter((o) => o.indicatorId === indicatorId);

/** Send a batch that must be refused, and prove nothing was written. */
async function refused(values: object[], status = 422) {
  const before = await counts(t, fx);
  const res = await batch(values);
  expect({ status: res.status }).toEqual({ status });
  expect(await counts(t, fx)).toEqual(before);
  return res.body as { message: string; details: Array<{ path: string; message: string }> };
}

describe('batch upsert', () => {
  it('creates drafts and answers created/updated/unchanged with ids, versions and statuses', async () => {
    const ind = await committed();
    const res = await batch([row(ind), row(ind, { period: '2025-Q2', value: '12' })]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(res.body.values).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        version: 1,
        status: 'draft',
        value: '10',
        period: '2025-Q1',
        cell: 'total',
      }),
      expect.objectContaining({ version: 1, status: 'draft', value: '12', period: '2025-Q2' }),
    ]);
    const again = await batch([row(ind), row(ind, { period: '2025-Q2', value: 13 })]);
    expect(again.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(again.body.values[1]).toMatchObject({ version: 2, value: '13' });
  });

  it('canonicalises period keys and breakdown cells in the indicator dimension order', async () => {
    const ind = await committed({ dimensions: { age: ['0-4', '5-9'], sex: ['f', 'm'] } });
    const res = await batch([row(ind, { period: '2025-q1', cell: { sex: 'f', age: '0-4' } })]);
    expect(res.status).toBe(200);
    expect(res.body.values[0]).toMatchObject({ period: '2025-Q1', cell: 'age=0-4;sex=f' });
  });

  it('handles a 500-value batch in one request', async () => {
    const ind = await committed({ periodicity: 'month' });
    const values = Array.from({ length: 500 }, (_, i) => ({
      indicatorId: ind,
      partnerId: fx.partnerId,
      period: `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      value: i,
    })).slice(0, 500);
    // 500 months reach 2061: all inside the open-ended commitment.
    const res = await batch(values);
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(500);
  });

  it('stores a comment holding a spreadsheet formula as plain text', async () => {
    const ind = await committed();
    const res = await batch([row(ind, { comment: '=HYPERLINK("http://evil.example","click")' })]);
    expect(res.status).toBe(200);
    const [stored]: Array<{ comment: string }> = await dataSourceOf(t).query(
      `SELECT comment FROM indicator_values WHERE id = $1`,
      [res.body.values[0].id],
    );
    expect(stored!.comment).toBe('=HYPERLINK("http://evil.example","click")');
  });

  it('accepts "1,234.5" for an amount as 1234.5 (the grouping can only mean thousands)', async () => {
    const ind = await committed({ valueType: 'amount' });
    const res = await batch([row(ind, { value: '1,234.5' })]);
    expect(res.status).toBe(200);
    expect(res.body.values[0].value).toBe('1234.5');
  });
});

describe('bad input: nothing is written, every error names its row', () => {
  it('a period key that does not match the indicator periodicity', async () => {
    const ind = await committed({ periodicity: 'quarter' });
    const body = await refused([row(ind, { period: '2025-03' })]);
    expect(body.details).toEqual([
      { path: 'values.0.period', message: 'must be a quarter: this indicator is reported quarterly' },
    ]);
  });

  it('an unknown indicator', async () => {
    const body = await refused([row('00000000-0000-4000-8000-000000000001')]);
    expect(body.details).toEqual([
      { path: 'values.0.indicatorId', message: 'is not an indicator of this collaboration' },
    ]);
  });

  it('an unknown dimension and an unknown category', async () => {
    const ind = await committed({ dimensions: { age2: ['young', 'old'] } });
    const body = await refused([
      row(ind, { cell: { colour: 'red' } }),
      row(ind, { cell: { age2: 'ancient' } }),
    ]);
    expect(body.details).toEqual(
      expect.arrayContaining([
        {
          path: 'values.0.cell.colour',
          message: expect.stringContaining('is not a dimension of this indicator'),
        },
        { path: 'values.1.cell.age2', message: expect.stringContaining('has no category "ancient"') },
      ]),
    );
  });

  it('an indicator the partner has not committed to', async () => {
    const ind = await createIndicator(t, fx);
    const body = await refused([row(ind)]);
    expect(body.details).toEqual([
      {
        path: 'values.0.indicatorId',
        message: expect.stringContaining('is not an indicator your organisation has committed to report'),
      },
    ]);
  });

  it('a period outside the commitment', async () => {
    const ind = await createIndicator(t, fx);
    await commit(t, fx, fx.partnerId, ind, '2025-Q2');
    const body = await refused([row(ind, { period: '2025-Q1' })]);
    expect(body.details[0]).toMatchObject({
      path: 'values.0.period',
      message: expect.stringContaining('outside'),
    });
  });

  it.each([
    ['NaN', 'is not a number'],
    ['Infinity', 'must be a finite number'],
    ['1e309', 'is too large'],
    ['', 'is required'],
    ['12%', 'without a % sign'],
    ['1,5', 'decimal mark'],
  ])('the number %j', async (value, message) => {
    const ind = await committed({ valueType: 'amount' });
    const body = await refused([row(ind, { value })]);
    expect(body.details).toEqual([{ path: 'values.0.value', message: expect.stringContaining(message) }]);
  });

  it('1e309 as a raw JSON number (parsed as Infinity) is refused, not a 500', async () => {
    const ind = await committed({ valueType: 'amount' });
    const before = await counts(t, fx);
    const res = await fx.partner.http
      .post(`${fx.base}/values/batch`)
      .set('x-csrf-token', fx.partner.csrf ?? '')
      .set('content-type', 'application/json')
      .send(
        `{"values":[{"indicatorId":"${ind}","partnerId":"${fx.partnerId}","period":"2025-Q1","value":1e309}]}`,
      );
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([{ path: 'values.0.value', message: 'must be a finite number' }]);
    expect(await counts(t, fx)).toEqual(before);
  });

  it('a negative count and a non-whole count', async () => {
    const ind = await committed();
    const body = await refused([row(ind, { value: -3 }), row(ind, { period: '2025-Q2', value: 2.5 })]);
    expect(body.details).toEqual([
      { path: 'values.0.value', message: 'must not be negative for a count' },
      { path: 'values.1.value', message: 'must be a whole number for a count' },
    ]);
  });

  it('numerator greater than the denominator for a percentage, and a zero denominator', async () => {
    const ind = await committed({ valueType: 'percentage' });
    const body = await refused([
      { indicatorId: ind, partnerId: fx.partnerId, period: '2025-Q1', numerator: 12, denominator: 10 },
      { indicatorId: ind, partnerId: fx.partnerId, period: '2025-Q2', numerator: 1, denominator: 0 },
    ]);
    expect(body.details).toEqual(
      expect.arrayContaining([
        { path: 'values.0.numerator', message: 'must not be greater than the denominator for a percentage' },
        { path: 'values.1.denominator', message: 'must be greater than 0' },
      ]),
    );
  });

  it('a value outside the indicator allowed range', async () => {
    const ind = await committed({ valueType: 'amount', minValue: '0', maxValue: '100' });
    const body = await refused([row(ind, { value: 101 })]);
    expect(body.details).toEqual([
      { path: 'values.0.value', message: expect.stringContaining('must be at most 100') },
    ]);
  });

  it("another partner's values → 404 naming the row", async () => {
    const ind = await committed();
    await commit(t, fx, fx.otherPartnerId, ind);
    const body = await refused([row(ind), { ...row(ind), partnerId: fx.otherPartnerId }], 404);
    expect(body.details).toEqual([
      { path: 'values.1.partnerId', message: 'is not your organisation in this collaboration' },
    ]);
  });

  it('backbone staff (values.review, not values.write) cannot enter values', async () => {
    const ind = await committed();
    const res = await fx.staff.post(`${fx.base}/values/batch`, { values: [row(ind)] });
    expect(res.status).toBe(403);
  });

  it('duplicate rows in one request are reported, never summed', async () => {
    const ind = await committed();
    const body = await refused([
      row(ind, { value: 1 }),
      row(ind, { value: 2 }),
      row(ind, { period: '2025-q1', value: 3 }),
    ]);
    expect(body.details).toEqual([
      { path: 'values.1', message: expect.stringContaining('repeats values.0') },
      { path: 'values.2', message: expect.stringContaining('repeats values.0') },
    ]);
  });

  it('an activity that is not linked to the indicator', async () => {
    const ind = await committed();
    const elsewhere = await committed();
    const activity = await createActivity(t, fx, fx.partnerId, [elsewhere]);
    const body = await refused([row(ind, { activityId: activity })]);
    expect(body.details).toEqual([
      { path: 'values.0.activityId', message: expect.stringContaining('is not linked') },
    ]);
    const ok = await batch([row(elsewhere, { activityId: activity })]);
    expect(ok.status).toBe(200);
  });

  it('a total that disagrees with its full breakdown names the total row', async () => {
    const ind = await committed({ dimensions: { sex3: ['f', 'm'] } });
    const body = await refused([
      row(ind, { value: 10 }),
      row(ind, { cell: { sex3: 'f' }, value: 4 }),
      row(ind, { cell: { sex3: 'm' }, value: 5 }),
    ]);
    expect(body.details).toEqual([
      { path: 'values.0.value', message: expect.stringContaining('add up to 9') },
    ]);
    const ok = await batch([
      row(ind, { value: 9 }),
      row(ind, { cell: { sex3: 'f' }, value: 4 }),
      row(ind, { cell: { sex3: 'm' }, value: 5 }),
    ]);
    expect(ok.status).toBe(200);
    // Against the stored cells too.
    const later = await refused([row(ind, { value: 11 })]);
    expect(later.details).toEqual([
      { path: 'values.0.value', message: expect.stringContaining('add up to 9') },
    ]);
  });

  it('one bad row among good ones writes nothing', async () => {
    const ind = await committed();
    const body = await refused([
      row(ind),
      row(ind, { period: '2025-Q2' }),
      row(ind, { period: '2025-Q3', value: 'lots' }),
    ]);
    expect(body.details).toEqual([
      { path: 'values.2.value', message: expect.stringContaining('must be a number') },
    ]);
  });

  it('unknown fields and more than 1000 rows are refused by the schema (400)', async () => {
    const ind = await committed();
    expect((await batch([row(ind, { colour: 'red' })])).status).toBe(400);
    expect((await batch(Array.from({ length: 1001 }, () => row(ind)))).status).toBe(400);
  });
});

describe('outbox rows are written exactly when rollups change', () => {
  it('a draft writes none; a submit writes one per indicator × period; an unchanged resubmission none', async () => {
    const ind = await committed();
    await batch([row(ind)]);
    expect(await outboxOf(ind)).toEqual([]);
    await batch([row(ind), row(ind, { period: '2025-Q2' })], { submit: true });
    expect(await outboxOf(ind)).toEqual([
      { indicatorId: ind, period: '2025-Q1', kind: 'values_changed', partnerIds: [fx.partnerId] },
      { indicatorId: ind, period: '2025-Q2', kind: 'values_changed', partnerIds: [fx.partnerId] },
    ]);
    const again = await batch([row(ind), row(ind, { period: '2025-Q2' })], { submit: true });
    expect(again.body).toMatchObject({ unchanged: 2 });
    expect(await outboxOf(ind)).toHaveLength(2);
  });

  it('cells of one indicator × period make one outbox row', async () => {
    const ind = await committed({ dimensions: { sex4: ['f', 'm'] } });
    await batch([row(ind, { cell: { sex4: 'f' }, value: 1 }), row(ind, { cell: { sex4: 'm' }, value: 2 })], {
      submit: true,
    });
    expect(await outboxOf(ind)).toHaveLength(1);
  });

  it('revising a submitted value writes one row (it goes back to draft and leaves the rollups)', async () => {
    const ind = await committed();
    await batch([row(ind)], { submit: true });
    const res = await batch([row(ind, { value: 11 })]);
    expect(res.body.values[0]).toMatchObject({ status: 'draft', version: 2 });
    expect(await outboxOf(ind)).toHaveLength(2);
  });

  it('with approval required: submitting writes none, approving writes one', async () => {
    const t2 = t;
    const fa = await measurementFixture(t2, { requiresApproval: true });
    const ind = await createIndicator(t2, fa);
    await commit(t2, fa, fa.partnerId, ind);
    const res = await fa.partner.post(`${fa.base}/values/batch`, {
      values: [{ indicatorId: ind, partnerId: fa.partnerId, period: '2025-Q1', value: 5 }],
      submit: true,
    });
    expect(res.status).toBe(200);
    expect(await outbox(t2, fa)).toEqual([]);
    const review = await fa.staff.post(`${fa.base}/values/review`, {
      ids: [res.body.values[0].id],
      decision: 'approve',
    });
    expect(review.status).toBe(200);
    expect(await outbox(t2, fa)).toEqual([
      { indicatorId: ind, period: '2025-Q1', kind: 'values_changed', partnerIds: [fa.partnerId] },
    ]);
  });
});

describe('revisions, concurrency and idempotency', () => {
  it('keeps a revision per change with before and after', async () => {
    const ind = await committed();
    const first = await batch([row(ind)]);
    await batch([row(ind, { value: 20, comment: 'recounted' })], { submit: true });
    const history = await fx.partner.get(`${fx.base}/values/${first.body.values[0].id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        version: 1,
        action: 'create',
        before: null,
        after: expect.objectContaining({ value: '10', status: 'draft' }),
        actor: expect.objectContaining({ name: 'Pat Partner' }),
      }),
      expect.objectContaining({
        version: 2,
        action: 'update',
        before: expect.objectContaining({ value: '10' }),
        after: expect.objectContaining({ value: '20', status: 'submitted', comment: 'recounted' }),
      }),
    ]);
    // Another partner cannot read it.
    expect((await fx.other.get(`${fx.base}/values/${first.body.values[0].id}/history`)).status).toBe(404);
  });

  it('a stale expectedVersion gets 409 and changes nothing', async () => {
    const ind = await committed();
    await batch([row(ind)]);
    await batch([row(ind, { value: 11, expectedVersion: 1 })]);
    const before = await counts(t, fx);
    const stale = await batch([row(ind, { value: 12, expectedVersion: 1 })]);
    expect(stale.status).toBe(409);
    expect(stale.body.details).toEqual([
      { path: 'values.0.expectedVersion', message: expect.stringContaining('now at version 2') },
    ]);
    expect(await counts(t, fx)).toEqual(before);
  });

  it('two concurrent writers of the same value: one wins, the other gets 409', async () => {
    const ind = await committed();
    await batch([row(ind)]);
    const [a, b] = await Promise.all([
      batch([row(ind, { value: 30, expectedVersion: 1 })]),
      batch([row(ind, { value: 40, expectedVersion: 1 })]),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [stored]: Array<{ value: string; version: number }> = await dataSourceOf(t).query(
      `SELECT value::text, version FROM indicator_values WHERE indicator_id = $1`,
      [ind],
    );
    expect(stored!.version).toBe(2);
    expect(stored!.value).toBe(a.status === 200 ? '30' : '40');
  });

  it('Idempotency-Key: a retry replays the answer and creates one record; another body with the key is refused', async () => {
    const ind = await committed();
    const send = (values: object[]) =>
      fx.partner.http
        .post(`${fx.base}/values/batch`)
        .set('x-csrf-token', fx.partner.csrf ?? '')
        .set('idempotency-key', `k-${ind}`)
        .send({ values });
    const first = await send([row(ind)]);
    const before = await counts(t, fx);
    const retry = await send([row(ind)]);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await counts(t, fx)).toEqual(before);
    const [{ n }]: Array<{ n: number }> = await dataSourceOf(t).query(
      `SELECT count(*)::int AS n FROM indicator_values WHERE indicator_id = $1`,
      [ind],
    );
    expect(n).toBe(1);
    const other = await send([row(ind, { value: 99 })]);
    expect(other.status).toBe(422);
    expect(other.body.message).toMatch(/Idempotency-Key/);
  });

  it("Idempotency-Key: an expired key is forgotten (the request runs afresh) and the actor's expired keys are purged", async () => {
    const ind = await committed();
    const send = (key: string, values: object[]) =>
      fx.partner.http
        .post(`${fx.base}/values/batch`)
        .set('x-csrf-token', fx.partner.csrf ?? '')
        .set('idempotency-key', key)
        .send({ values });
    expect((await send(`old-${ind}`, [row(ind)])).status).toBe(200);
    expect((await send(`older-${ind}`, [row(ind, { period: '2025-Q2' })])).status).toBe(200);
    const ds = dataSourceOf(t);
    await ds.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key IN ($1, $2)`,
      [`old-${ind}`, `older-${ind}`],
    );
    // The same key with another body: no longer a conflict, it is a new request.
    const again = await send(`old-${ind}`, [row(ind, { value: 42 })]);
    expect(again.status).toBe(200);
    expect(again.body.values[0]).toMatchObject({ value: '42' });
    const keys: Array<{ key: string }> = await ds.query(
      `SELECT key FROM idempotency_keys WHERE key IN ($1, $2) ORDER BY key`,
      [`old-${ind}`, `older-${ind}`],
    );
    expect(keys).toEqual([{ key: `old-${ind}` }]);
  });

  it('a value far outside the partner history is accepted but flagged', async () => {
    const ind = await committed();
    await batch(
      ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'].map((period) => row(ind, { period, value: 10 })),
      { submit: true },
    );
    const res = await batch([row(ind, { value: 500 })]);
    expect(res.status).toBe(200);
    expect(res.body.values[0]).toMatchObject({
      flagged: true,
      flagReason: expect.stringContaining('3 times'),
    });
    const normal = await batch([row(ind, { period: '2025-Q2', value: 12 })]);
    expect(normal.body.values[0]).toMatchObject({ flagged: false });
  });
});
