import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from './support/app';
import type { Pool } from 'pg';
import { errorsTable, planTable, stagingTable } from '../src/modules/imports/engine/names';
import { claimForCommit, type CommitOutcome, runCommit } from '../src/modules/imports/engine/import-runs';
import { startTestApp, type TestApp } from './support/app';
import { partnerWriteInFlight } from './support/locks';
import { dataSourceOf } from './support/fixtures';
import { commit, counts, createActivity, createIndicator, type MeasurementFixture, measurementFixture, outbox } from './support/measurement-fixture';

let t: TestApp;
let fx: MeasurementFixture;
let countId: string;
let ratioId: string;
let agedId: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  countId = await createIndicator(t, fx, { code: 'SERVED', valueType: 'count', periodicity: 'quarter' });
  ratioId = await createIndicator(t, fx, { code: 'READY', valueType: 'percentage', periodicity: 'quarter' });
  agedId = await createIndicator(t, fx, { code: 'AGED', valueType: 'count', periodicity: 'quarter', dimensions: { age: ['0-5', '6-11'] } });
  for (const id of [countId, ratioId, agedId]) await commit(t, fx, fx.partnerId, id);
  // Dimension columns are matched by the dimension's name ('Age band') or key ('age').
  await dataSourceOf(t).query(`UPDATE dimensions SET name = 'Age band' WHERE collaboration_id = $1 AND key = 'age'`, [fx.collaborationId]);
});
afterAll(async () => {
  await t?.close();
});

interface Preview {
  importId: string;
  status: string;
  counts: { rows: number; new: number; changed: number; unchanged: number; errors: number };
  errors: Array<{ row: number; column: string | null; message: string }>;
  errorsTruncated: boolean;
  sample: unknown[];
}

function upload(agent: Agent, content: string | Buffer, opts: { name?: string; partnerId?: string; decimalComma?: boolean } = {}) {
  let req = agent.http
    .post(`${fx.base}/imports`)
    .set('x-csrf-token', agent.csrf ?? '')
    .field('partnerId', opts.partnerId ?? fx.partnerId);
  if (opts.decimalComma) req = req.field('decimalComma', 'true');
  return req.attach('file', typeof content === 'string' ? Buffer.from(content, 'utf8') : content, opts.name ?? 'values.csv');
}

const commitImport = (importId: string, agent: Agent = fx.partner) => agent.post(`${fx.base}/imports/${importId}/commit`);

async function storedValues() {
  return dataSourceOf(t).query(
    `SELECT i.code, v.period, v.cell, v.value::text AS value, v.numerator::text AS numerator, v.denominator::text AS denominator, v.comment, v.via
       FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id AND i.collaboration_id = v.collaboration_id
      WHERE v.collaboration_id = $1 ORDER BY i.code, v.period, v.cell`,
    [fx.collaborationId],
  ) as Promise<Array<Record<string, string>>>;
}

describe('preview and commit', () => {
  it('shows every error with row and column, writes nothing, and cannot be committed', async () => {
    const before = await counts(t, fx);
    const csv = [
      'indicator,period,value,comment',
      'SERVED,2024-Q1,10,fine',
      'NOPE,2024-Q1,5,',
      'SERVED,2024-03,5,', // a month for a quarterly indicator
      'SERVED,2024-Q3,NaN,',
      'SERVED,2024-Q4,Infinity,',
      'SERVED,2025-Q1,1e309,',
      'SERVED,2025-Q2,"1,234.5",', // accepted grouping, but a count must be whole
      'SERVED,2025-Q3,12%,',
      'SERVED,2025-Q4,-3,',
      'SERVED,2024-Q1,11,', // duplicate of row 2
    ].join('\n');
    const res = await upload(fx.partner, csv);
    expect(res.status).toBe(201);
    const body = res.body as Preview;
    expect(body.status).toBe('invalid');
    const byRow = (row: number) => body.errors.filter((e) => e.row === row);
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)).toEqual([expect.objectContaining({ column: 'indicator', message: expect.stringMatching(/not an indicator code/) })]);
    expect(byRow(4)).toEqual([expect.objectContaining({ column: 'period', message: expect.stringMatching(/must be a quarter/) })]);
    expect(byRow(5)).toEqual([expect.objectContaining({ column: 'value', message: 'is not a number' })]);
    expect(byRow(6)).toEqual([expect.objectContaining({ column: 'value', message: 'must be a finite number' })]);
    expect(byRow(7)).toEqual([expect.objectContaining({ column: 'value', message: expect.stringMatching(/too large/) })]);
    expect(byRow(8)).toEqual([expect.objectContaining({ column: 'value', message: expect.stringMatching(/whole number/) })]);
    expect(byRow(9)).toEqual([expect.objectContaining({ column: 'value', message: expect.stringMatching(/without a % sign/) })]);
    expect(byRow(10)).toEqual([expect.objectContaining({ column: 'value', message: expect.stringMatching(/negative|at least|0 or more/) })]);
    expect(byRow(11)).toEqual([expect.objectContaining({ column: null, message: expect.stringMatching(/repeats row 2/) })]);
    expect(body.counts).toMatchObject({ rows: 10, errors: 9 });
    expect(await counts(t, fx)).toEqual(before);

    const refused = await commitImport(body.importId);
    expect(refused.status).toBe(409);
    expect(await counts(t, fx)).toEqual(before);
  });

  it('the fixed file previews clean, commits everything in one go with revisions, outbox rows and the import audit', async () => {
    const before = await counts(t, fx);
    const csv = ['indicator,period,value,numerator,denominator,comment', 'SERVED,2024-Q1,10,,,first', 'SERVED,2024-Q2,12,,,', 'READY,2024-Q1,,45,50,'].join('\n');
    const preview = await upload(fx.partner, csv);
    expect(preview.status).toBe(201);
    expect(preview.body).toMatchObject({ status: 'ready', counts: { rows: 3, new: 3, changed: 0, unchanged: 0, errors: 0 }, errors: [] });
    expect(await counts(t, fx)).toEqual(before); // nothing written at preview

    const done = await commitImport(preview.body.importId);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'committed', created: 3, updated: 0, unchanged: 0 });
    const after = await counts(t, fx);
    expect(after.values - before.values).toBe(0 + 3);
    expect(after.revisions - before.revisions).toBe(3);
    expect((await outbox(t, fx)).length).toBe(before.outbox); // drafts do not move rollups
    const values = await storedValues();
    expect(values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'SERVED', period: '2024-Q1', value: '10', comment: 'first', via: 'import' }),
        expect.objectContaining({ code: 'READY', period: '2024-Q1', numerator: '45', denominator: '50' }),
      ]),
    );
    const [audit]: Array<{ after: { via: string; created: number } }> = await dataSourceOf(t).query(
      `SELECT after FROM audit_events WHERE collaboration_id = $1 AND action = 'values.import'`,
      [fx.collaborationId],
    );
    expect(audit?.after).toMatchObject({ via: 'import', created: 3 });
    expect((await commitImport(preview.body.importId)).status).toBe(409); // only once
  });

  it('submitted imports write outbox rows', async () => {
    const before = await counts(t, fx);
    const res = await fx.partner.http
      .post(`${fx.base}/imports`)
      .set('x-csrf-token', fx.partner.csrf ?? '')
      .field('partnerId', fx.partnerId)
      .field('submit', 'true')
      .attach('file', Buffer.from('indicator,period,value\nSERVED,2023-Q1,4\nSERVED,2023-Q2,5\n'), 'v.csv');
    expect(res.body.status).toBe('ready');
    expect((await commitImport(res.body.importId)).status).toBe(200);
    expect((await counts(t, fx)).outbox - before.outbox).toBe(2);
  });

  it('reads a BOM, ";" separators, decimal commas, header aliases and blank lines', async () => {
    const csv = '\uFEFFIndicator Code;Period Key;Value;Age band;Notes\r\n\r\nAGED;2022-Q1;3;0-5;\r\n;;;;\r\nAGED;2022-Q1;4;6-11;x\r\nREADY;2022-Q1;;;\r\n';
    // READY needs numerator and denominator: add them in a second file below; this one has an error on row 6.
    const res = await upload(fx.partner, csv);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 6, column: 'numerator', message: 'is required' }),
      expect.objectContaining({ row: 6, column: 'denominator', message: 'is required' }),
    ]);
    expect(res.body.counts).toMatchObject({ rows: 3, new: 2 });

    const ok = '\uFEFFcode;period;numerator;denominator;comment\n\nREADY;2022-Q2;12,5;50;\n';
    const bad = await upload(fx.partner, ok);
    expect(bad.body.errors[0]).toMatchObject({ row: 3, column: 'numerator', message: expect.stringMatching(/decimal mark/) });
    const good = await upload(fx.partner, ok, { decimalComma: true });
    expect(good.body).toMatchObject({ status: 'ready', counts: { rows: 1, new: 1, errors: 0 } });
    expect((await commitImport(good.body.importId)).status).toBe(200);
    expect(await storedValues()).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'READY', period: '2022-Q2', numerator: '12.5' })]));
  });

  it('a total that disagrees with its full breakdown is named on the total row', async () => {
    const csv = ['indicator,period,age,value', 'AGED,2021-Q3,,10', 'AGED,2021-Q3,0-5,3', 'AGED,2021-Q3,6-11,4'].join('\n');
    const res = await upload(fx.partner, csv);
    expect(res.body.status).toBe('invalid');
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'value', message: expect.stringMatching(/breakdown cells add up to 7/) })]);
  });

  it('a commit re-checks under the write lock: a period closed since the preview → 409 naming the row, nothing written, the import invalid', async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2022-Q3,1\nSERVED,2022-Q4,2\n');
    expect(res.body.status).toBe('ready');
    const [{ id: adminId }] = await dataSourceOf(t).query(`SELECT created_by AS id FROM collaborations WHERE id = $1`, [fx.collaborationId]);
    await dataSourceOf(t).query(`INSERT INTO period_locks (collaboration_id, period, locked_by) VALUES ($1, '2022-Q4', $2)`, [fx.collaborationId, adminId]);
    try {
      const before = await counts(t, fx);
      const refused = await commitImport(res.body.importId);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/changed since the preview/);
      expect(refused.body.details).toEqual([expect.objectContaining({ path: 'row 3, period', message: expect.stringMatching(/is closed/) })]);
      expect(await counts(t, fx)).toEqual(before);
      const status = await fx.partner.get(`${fx.base}/imports/${res.body.importId}`);
      expect(status.body).toMatchObject({ status: 'invalid', counts: { errors: 1 }, failure: expect.stringMatching(/changed since the preview/) });
    } finally {
      await dataSourceOf(t).query(`DELETE FROM period_locks WHERE collaboration_id = $1`, [fx.collaborationId]);
    }
  });

  it("flags a value far outside the partner's own history (accepted, flagged for review)", async () => {
    for (const period of ['2020-Q2', '2020-Q3', '2020-Q4']) {
      await dataSourceOf(t).query(
        `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, value, status) VALUES ($1, $2, $3, $4, 10, 'approved')`,
        [fx.collaborationId, countId, fx.partnerId, period],
      );
    }
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2021-Q2,100\nSERVED,2021-Q3,12\n');
    expect(res.body.status).toBe('ready');
    expect((await commitImport(res.body.importId)).status).toBe(200);
    const rows: Array<{ period: string; flagged: boolean; flag_reason: string | null }> = await dataSourceOf(t).query(
      `SELECT period, flagged, flag_reason FROM indicator_values WHERE collaboration_id = $1 AND indicator_id = $2 AND period IN ('2021-Q2', '2021-Q3') ORDER BY period`,
      [fx.collaborationId, countId],
    );
    expect(rows).toEqual([
      { period: '2021-Q2', flagged: true, flag_reason: "100 is more than 3 times this partner's highest recent value (10)" },
      { period: '2021-Q3', flagged: false, flag_reason: null },
    ]);
  });

  it('a file with more errors than the preview lists: every error downloads as CSV or XLSX (row, column, problem)', async () => {
    const csv = ['indicator,period,value', ...Array.from({ length: 1200 }, (_, i) => `NOPE${i},2024-Q1,1`)].join('\n');
    const res = await upload(fx.partner, csv);
    expect(res.body).toMatchObject({ status: 'invalid', errorsTruncated: true, counts: { rows: 1200, errors: 1200 } });
    expect(res.body.errors).toHaveLength(1000);
    const id = res.body.importId;
    const file = await fx.partner.get(`${fx.base}/imports/${id}/errors`).buffer(true);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    const lines = file.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(1201);
    expect(lines[0]).toBe('row,column,problem');
    expect(lines[1]).toBe('2,indicator,"""NOPE0"" is not an indicator code of this collaboration"');
    expect(lines[1200]).toBe('1201,indicator,"""NOPE1199"" is not an indicator code of this collaboration"');
    const xlsx = await fx.partner.getBinary(`${fx.base}/imports/${id}/errors?format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.rowCount).toBe(1201);
    const badFormat = await fx.partner.get(`${fx.base}/imports/${id}/errors?format=pdf`);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.details).toEqual([{ path: 'query.format', message: 'must be csv or xlsx' }]);
    // Only the partner's own imports; once the full list is no longer kept: 410.
    expect((await fx.other.get(`${fx.base}/imports/${id}/errors`)).status).toBe(404);
    await dataSourceOf(t).query(`DROP TABLE ${errorsTable(id)}`);
    expect((await fx.partner.get(`${fx.base}/imports/${id}/errors`)).status).toBe(410);
  });

  it('a file with a few errors downloads the list the preview showed; a clean one has none to download (404)', async () => {
    const bad = await upload(fx.partner, 'indicator,period,value\nSERVED,2024-Q1,-1\nNOPE,2024-Q1,1\n');
    const file = await fx.partner.get(`${fx.base}/imports/${bad.body.importId}/errors`).buffer(true);
    expect(file.text.replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual([
      'row,column,problem',
      '2,value,must not be negative for a count',
      '3,indicator,"""NOPE"" is not an indicator code of this collaboration"',
    ]);
    const clean = await upload(fx.partner, 'indicator,period,value\nSERVED,2023-Q1,1\n');
    expect(clean.body.status).toBe('ready');
    expect((await fx.partner.get(`${fx.base}/imports/${clean.body.importId}/errors`)).status).toBe(404);
  });

  it('names an unknown column and a missing one', async () => {
    const res = await upload(fx.partner, 'indicator,when,value\nSERVED,2024-Q1,1\n');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, column: 'when', message: expect.stringMatching(/not a column we know/) }),
        expect.objectContaining({ row: 1, column: null, message: expect.stringMatching(/no period column/) }),
      ]),
    );
  });

  it("another partner's partnerId → 404; not multipart → 415; an unknown import → 404", async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2024-Q1,1\n', { partnerId: fx.otherPartnerId });
    expect(res.status).toBe(404);
    expect((await fx.partner.post(`${fx.base}/imports`, { partnerId: fx.partnerId })).status).toBe(415);
    expect((await commitImport('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('a previewed file that is no longer kept (its staging table dropped) answers 410 and writes nothing', async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2020-Q1,1\n');
    expect(res.body.status).toBe('ready');
    await dataSourceOf(t).query(`DROP TABLE ${stagingTable(res.body.importId)}`);
    const before = await counts(t, fx);
    expect((await commitImport(res.body.importId)).status).toBe(410);
    expect(await counts(t, fx)).toEqual(before);
  });

  it('someone else cannot commit a partner’s import', async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2021-Q1,1\n');
    expect((await commitImport(res.body.importId, fx.other)).status).toBe(404);
  });

  it('a 60 MB upload answers 413 naming the 50 MB limit and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'import-413-'));
    const path = join(dir, 'big.csv');
    try {
      const out = createWriteStream(path);
      const line = 'SERVED,2024-Q1,1,' + 'x'.repeat(80) + '\n';
      out.write('indicator,period,value,comment\n');
      for (let written = 0; written < 60 * 1024 * 1024; written += line.length) {
        if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((r) => out.end(() => r()));
      const before = await counts(t, fx);
      const res = await fx.partner.http.post(`${fx.base}/imports`).set('x-csrf-token', fx.partner.csrf ?? '').field('partnerId', fx.partnerId).attach('file', path);
      expect(res.status).toBe(413);
      expect(res.body.message).toMatch(/50 MB limit/);
      expect(await counts(t, fx)).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the preview's plan", () => {
  const pool = () => (dataSourceOf(t).driver as unknown as { master: Pool }).master;
  const exists = async (table: string) => ((await dataSourceOf(t).query(`SELECT to_regclass($1) AS t`, [table])) as Array<{ t: string | null }>)[0]!.t !== null;
  /** Commit through the engine (as the api and the worker do), to see whether it validated again. */
  async function commitDirect(importId: string): Promise<Extract<CommitOutcome, { ok: true }>> {
    const claim = await claimForCommit(pool(), fx.collaborationId, importId, fx.partnerId, null);
    expect(claim.refused).toBeNull();
    const [{ userId }] = await dataSourceOf(t).query(`SELECT created_by AS "userId" FROM imports WHERE id = $1`, [importId]);
    const outcome = await runCommit(pool(), fx.collaborationId, importId, { userId, ip: null, userAgent: null, requestId: null });
    if (!outcome.ok) throw new Error(`refused: ${outcome.refused.message}`);
    return outcome;
  }
  const storeValue = (partnerId: string, period: string, value: number) =>
    dataSourceOf(t).query(
      `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, value, status) VALUES ($1, $2, $3, $4, $5, 'draft')`,
      [fx.collaborationId, countId, partnerId, period, value],
    );

  it('is stamped at the preview and written as it stands when nothing it was decided on changed; both tables are then dropped', async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2025-Q1,1\nSERVED,2025-Q2,2\n');
    expect(res.body.status).toBe('ready');
    const [{ stamp }] = await dataSourceOf(t).query(`SELECT plan_stamp AS stamp FROM imports WHERE id = $1`, [res.body.importId]);
    expect(stamp).toMatch(/^[0-9a-f]{32}$/);
    expect(await exists(planTable(res.body.importId))).toBe(true);
    // Another partner's value in the same period is not something this plan depends on.
    await storeValue(fx.otherPartnerId, '2025-Q1', 7);
    const before = await counts(t, fx);
    const done = await commitDirect(res.body.importId);
    expect(done).toMatchObject({ rechecked: false, totals: { created: 2, updated: 0, unchanged: 0 } });
    expect((await counts(t, fx)).revisions - before.revisions).toBe(2);
    expect(await storedValues()).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SERVED', period: '2025-Q2', value: '2', via: 'import' })]));
    expect(await exists(planTable(res.body.importId))).toBe(false);
    expect(await exists(stagingTable(res.body.importId))).toBe(false);
  });

  it("a value the partner stored since the preview in a period the file touches → the commit validates again and counts it as changed", async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2025-Q3,1\nSERVED,2025-Q4,2\n');
    expect(res.body.counts).toMatchObject({ new: 2, changed: 0 });
    await storeValue(fx.partnerId, '2025-Q4', 5);
    const done = await commitDirect(res.body.importId);
    expect(done).toMatchObject({ rechecked: true, totals: { created: 1, updated: 1, unchanged: 0 } });
    expect(await storedValues()).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SERVED', period: '2025-Q4', value: '2' })]));
  });

  it('an indicator edited since the preview → validated again', async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2026-Q1,1\n');
    await dataSourceOf(t).query(`UPDATE indicators SET definition = definition || ' (edited)' WHERE collaboration_id = $1 AND id = $2`, [fx.collaborationId, countId]);
    expect(await commitDirect(res.body.importId)).toMatchObject({ rechecked: true, totals: { created: 1 } });
  });

  it('a plan emptied since the preview (an UNLOGGED table after a database crash) is not trusted: validated again, nothing lost', async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2026-Q2,1\nSERVED,2026-Q3,2\n');
    await dataSourceOf(t).query(`TRUNCATE ${planTable(res.body.importId)}`);
    expect(await commitDirect(res.body.importId)).toMatchObject({ rechecked: true, totals: { created: 2 } });
  });

  it("commits while another partner's write is in flight (the collaboration is locked shared, the partner exclusive)", async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2027-Q1,1\n');
    const inFlight = await partnerWriteInFlight(t.dbUrl, fx.collaborationId, fx.otherPartnerId);
    try {
      expect((await commitImport(res.body.importId)).status).toBe(200);
    } finally {
      await inFlight.release();
    }
  });

  it('a file with errors keeps no plan', async () => {
    const res = await upload(fx.partner, 'indicator,period,value\nSERVED,2026-Q4,-1\n');
    expect(res.body.status).toBe('invalid');
    expect(await exists(planTable(res.body.importId))).toBe(false);
    const [{ stamp }] = await dataSourceOf(t).query(`SELECT plan_stamp AS stamp FROM imports WHERE id = $1`, [res.body.importId]);
    expect(stamp).toBeNull();
  });
});

describe('template', () => {
  it('lists the committed indicators × open periods with keys filled and values empty', async () => {
    const res = await fx.partner.get(`${fx.base}/partners/${fx.partnerId}/import-template?format=csv&from=2024&to=2024`).buffer(true);
    expect(res.status).toBe(200);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('indicator,indicator name,period,Age band,value,numerator,denominator,comment');
    expect(lines).toContain('SERVED,Indicator SERVED,2024-Q3,,,,,');
    expect(lines).toContain('AGED,Indicator AGED,2024-Q1,,,,,');
    expect(lines).toContain('AGED,Indicator AGED,2024-Q1,0-5,,,,');
    expect((await fx.partner.get(`${fx.base}/partners/${fx.otherPartnerId}/import-template`)).status).toBe(404);
  });

  it('as XLSX: the same header; a filled-in workbook is read back with row and column in its errors', async () => {
    const res = await fx.partner.getBinary(`${fx.base}/partners/${fx.partnerId}/import-template?format=xlsx&from=2019-Q4&to=2019-Q4`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['indicator', 'indicator name', 'period', 'Age band', 'value', 'numerator', 'denominator', 'comment']);
    // Commitments start in 2020-01: nothing is expected in 2019-Q4.
    expect(sheet.actualRowCount).toBe(1);
    sheet.addRow(['SERVED', 'Indicator SERVED', '2019-Q4', null, 7]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await upload(fx.partner, file, { name: 'template.xlsx' });
    expect(preview.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'period', message: expect.stringMatching(/outside your organisation's commitment/) })]);
  });
});

describe('values attributed to activities', () => {
  let visits: string;
  let club: string;
  let othersClub: string;
  beforeAll(async () => {
    visits = await createIndicator(t, fx, { code: 'VISITS', valueType: 'count', periodicity: 'quarter', dimensions: { age: ['0-5', '6-11'] } });
    await commit(t, fx, fx.partnerId, visits);
    club = await createActivity(t, fx, fx.partnerId, [visits]); // "Reading club"
    othersClub = await createActivity(t, fx, fx.otherPartnerId, [visits]);
  });
  const visitsValues = async () =>
    (await dataSourceOf(t).query(
      `SELECT v.period, v.cell, v.activity_id AS "activityId", v.value::text AS value FROM indicator_values v
        WHERE v.collaboration_id = $1 AND v.indicator_id = $2 ORDER BY v.period, v.cell, v.activity_id NULLS FIRST`,
      [fx.collaborationId, visits],
    )) as Array<{ period: string; cell: string; activityId: string | null; value: string }>;

  it("an activity column attributes a row to one of the partner's activities (by name in any case, or id); the partner's own value stays apart", async () => {
    const csv = ['indicator,period,Age band,value,activity', 'VISITS,2024-Q1,,10,', 'VISITS,2024-Q1,,4,reading CLUB', `VISITS,2024-Q2,,6,${club}`].join('\n');
    const preview = await upload(fx.partner, csv);
    expect(preview.body).toMatchObject({ status: 'ready', counts: { rows: 3, new: 3, errors: 0 } });
    expect(preview.body.sample).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, activity: null, value: '10' }),
        expect.objectContaining({ row: 3, activity: 'Reading club', value: '4' }),
      ]),
    );
    expect((await commitImport(preview.body.importId)).body).toMatchObject({ status: 'committed', created: 3 });
    expect(await visitsValues()).toEqual([
      { period: '2024-Q1', cell: 'total', activityId: null, value: '10' },
      { period: '2024-Q1', cell: 'total', activityId: club, value: '4' },
      { period: '2024-Q2', cell: 'total', activityId: club, value: '6' },
    ]);
    // The same file again changes nothing: each row finds its own value.
    expect((await upload(fx.partner, csv)).body.counts).toMatchObject({ new: 0, changed: 0, unchanged: 3 });
  });

  it("names an unknown activity and another partner's, and a row repeated for the same activity (never added up)", async () => {
    const before = await counts(t, fx);
    const csv = [
      'indicator,period,Age band,value,activity',
      'VISITS,2024-Q3,,5,Knitting circle',
      `VISITS,2024-Q3,,5,${othersClub}`,
      'VISITS,2024-Q4,,7,Reading club',
      'VISITS,2024-Q4,,8,reading club',
      'VISITS,2024-Q4,,9,',
    ].join('\n');
    const res = await upload(fx.partner, csv);
    expect(res.body.status).toBe('invalid');
    expect(res.body.errors).toEqual([
      { row: 2, column: 'activity', message: `"Knitting circle" is not one of your organisation's activities` },
      { row: 3, column: 'activity', message: `"${othersClub}" is not one of your organisation's activities` },
      { row: 5, column: null, message: 'repeats row 4 (same indicator, period, cell and activity): each value must appear once — rows are never added up' },
    ]);
    expect(await counts(t, fx)).toEqual(before);
  });

  it("checks a total against its full breakdown within each activity", async () => {
    const csv = [
      'indicator,period,Age band,value,activity',
      'VISITS,2025-Q1,,7,',
      'VISITS,2025-Q1,0-5,3,Reading club',
      'VISITS,2025-Q1,6-11,4,Reading club',
      'VISITS,2025-Q1,,10,Reading club',
    ].join('\n');
    const res = await upload(fx.partner, csv);
    expect(res.body.errors).toEqual([
      { row: 5, column: 'value', message: 'is the total, but its breakdown cells add up to 7; a total sent with a full breakdown must equal it' },
    ]);
  });

  it('the template has an activity column; an export names the activity and re-imports unchanged', async () => {
    const template = await fx.partner.get(`${fx.base}/partners/${fx.partnerId}/import-template?format=csv&from=2024&to=2024`).buffer(true);
    expect(template.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('indicator,indicator name,period,Age band,value,numerator,denominator,comment,activity');
    const exported = await fx.partner.get(`${fx.base}/values/export?format=csv&indicatorId=${visits}`).buffer(true);
    const lines = exported.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain(',Age band,activity,value,');
    expect(lines.filter((l) => l.includes(',Reading club,'))).toHaveLength(2);
    const again = await upload(fx.partner, exported.text);
    expect(again.body).toMatchObject({ status: 'ready', counts: { rows: 3, new: 0, changed: 0, unchanged: 3, errors: 0 } });
  });

  it('a name two of the partner’s activities share is refused, asking for the id', async () => {
    const twin = await createActivity(t, fx, fx.partnerId, [visits]); // a second "Reading club"
    const res = await upload(fx.partner, ['indicator,period,value,activity', 'VISITS,2025-Q2,3,Reading Club', `VISITS,2025-Q3,3,${twin}`].join('\n'));
    expect(res.body.errors).toEqual([
      { row: 2, column: 'activity', message: `"Reading Club" names more than one of your organisation's activities; give the activity's id` },
    ]);
  });
});
