import ExcelJS from 'exceljs';
import type { Agent } from './support/app';
import { startTestApp, type TestApp } from './support/app';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';

let t: TestApp;
let fx: MeasurementFixture;
let countId: string;
let agedId: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  countId = await createIndicator(t, fx, { code: 'SERVED', valueType: 'count', periodicity: 'quarter' });
  agedId = await createIndicator(t, fx, { code: 'AGED', valueType: 'amount', periodicity: 'quarter', dimensions: { age: ['0-5', '6-11'] } });
  for (const id of [countId, agedId]) {
    await commit(t, fx, fx.partnerId, id);
    await commit(t, fx, fx.otherPartnerId, id);
  }
  const res = await fx.partner.post(`${fx.base}/values/batch`, {
    values: [
      { indicatorId: countId, partnerId: fx.partnerId, period: '2025-Q1', value: 10, comment: '=HYPERLINK("http://evil.example","click")' },
      { indicatorId: countId, partnerId: fx.partnerId, period: '2025-Q2', value: 11, comment: '+cmd' },
      { indicatorId: agedId, partnerId: fx.partnerId, period: '2025-Q1', cell: { age: '0-5' }, value: '-2.5', comment: '@SUM(1)' },
      { indicatorId: agedId, partnerId: fx.partnerId, period: '2025-Q1', cell: { age: '6-11' }, value: 4 },
    ],
  });
  expect(res.status).toBe(200);
  const other = await fx.other.post(`${fx.base}/values/batch`, { values: [{ indicatorId: countId, partnerId: fx.otherPartnerId, period: '2025-Q1', value: 99 }] });
  expect(other.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

const binary = (agent: Agent, url: string) => agent.getBinary(url);

describe('values export', () => {
  it('CSV: escapes formulas in text cells, keeps numbers as numbers, only the partner’s own values', async () => {
    const res = await fx.partner.get(`${fx.base}/values/export?format=csv`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const text = res.text.replace(/^\uFEFF/, '');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain(`,'+cmd,`);
    expect(text).toContain(`,'@SUM(1),`);
    expect(text).toMatch(/,-2\.5,/); // a negative number is a number, not escaped
    expect(text).not.toContain(',99,'); // the other partner's value (not a timestamp's milliseconds)
    expect(text.split('\r\n')[0]).toBe('indicator,indicator name,partner,period,age,activity,value,numerator,denominator,comment,status,version,updated at');
  });

  it('a partner naming another partner → 404; the backbone sees everyone', async () => {
    expect((await fx.partner.get(`${fx.base}/values/export?partnerId=${fx.otherPartnerId}`)).status).toBe(404);
    const res = await fx.staff.get(`${fx.base}/values/export?format=csv&indicatorId=${countId}&from=2025&to=2025`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.text).toContain(',99,');
  });

  it('XLSX: escaped text, numeric cells; exporting and re-importing shows every row unchanged', async () => {
    const res = await binary(fx.partner, `${fx.base}/values/export?format=xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(expect.arrayContaining(['indicator', 'comment']));
    const flat = rows.flat();
    expect(flat).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(flat).toContain(`'+cmd`);
    expect(flat).toContain(-2.5);
    expect(flat).toContain(10);

    const preview = await fx.partner.http
      .post(`${fx.base}/imports`)
      .set('x-csrf-token', fx.partner.csrf ?? '')
      .field('partnerId', fx.partnerId)
      .attach('file', res.body as Buffer, 'export.xlsx');
    expect(preview.status).toBe(201);
    expect(preview.body).toMatchObject({ status: 'ready', counts: { rows: 4, new: 0, changed: 0, unchanged: 4, errors: 0 } });
  });
});
