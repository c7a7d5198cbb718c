import {
  IMPORT_COLUMNS,
  IMPORT_ERROR_LIST_CAP,
  IMPORT_MAX_ROWS,
  IMPORT_SAMPLE_ROWS,
  type ImportCounts,
  type ImportError,
  type ImportSampleRow,
  normalizeDecimal,
  parseNumberInput,
  parsePeriodKey,
  periodKeySchema,
} from '@constellation/shared';
import type { ClientBase } from 'pg';
import { PeriodLockCheck } from '../../values/common/period-lock-check';
import type { ColumnMap } from '../row-mapping';
import { errorsTable, planTable, stagingTable } from './names';

/**
 * The set-based import engine: validation and commit as SQL over the import's staging table
 * (see staging.ts). Plain `pg` and the shared package only, so the api (small files) and the
 * worker (large files, as a job) run the same code. Every statement runs on the caller's client;
 * validate() and commit() expect to be inside a transaction (temporary tables are ON COMMIT DROP).
 *
 * The rules and messages are the values module's (batch-validation.ts, row-mapping.ts): what is
 * per distinct value (indicator codes, periods × periodicity, categories, cells, odd numbers) is
 * decided in JavaScript with the shared functions, written to small lookup tables, and joined;
 * what is per row (number formats, whole numbers, numerator ≤ denominator, ranges, duplicates,
 * breakdown totals, new/changed/unchanged) is SQL.
 */

export interface EngineImport {
  collaborationId: string;
  importId: string;
  partnerId: string;
  decimalComma: boolean;
  submit: boolean;
  map: ColumnMap;
}

export interface ValidationResult {
  counts: ImportCounts;
  errors: ImportError[];
  errorsTotal: number;
  sample: ImportSampleRow[];
}

/** Rows processed so far, for progress (called between slices). */
export type OnProgress = (rowsDone: number, rowsTotal: number) => Promise<void> | void;

/** Rows per statement when the work is sliced for progress. */
export const IMPORT_SLICE_ROWS = 200_000;

interface Settings {
  fiscalYearStartMonth: number;
  requiresApproval: boolean;
}

/** The key the unique index gives a value attributed to no activity. */
const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`;
const lit = (s: string | null | undefined) => (s === null || s === undefined ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
/** Fast path of a plain decimal the shared parser would read to the same value. */
const fastNumber = (decimalComma: boolean) => (decimalComma ? `'^-?[0-9]{1,15}(,[0-9]{1,10})?$'` : `'^-?[0-9]{1,15}(\\.[0-9]{1,10})?$'`);
const blank = (col: string) => `coalesce(btrim(${col}), '') = ''`;
/**
 * A new value's id: a UUIDv7 (RFC 9562, with a dedicated counter) of the transaction's millisecond,
 * then `seq` (30 bits: 12 in rand_a, 18 after the variant), then 44 random bits. Ids of one import
 * ascend in the order it writes them, after every earlier import's, so the primary key and the
 * revisions' index take them at their right edge instead of at random pages.
 */
const uuidV7 = (seq: string) =>
  `(lpad(to_hex((extract(epoch FROM now()) * 1000)::bigint), 12, '0') || '7' || lpad(to_hex((${seq} >> 18) & 4095), 3, '0')
    || to_hex(524288 | (${seq} & 262143)) || substr(md5(random()::text), 1, 11))::uuid`;

async function rows<T>(db: ClientBase, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)).rows as T[];
}

/** Insert JS-computed lookup rows in batches: columns as `name` (text) or `name:type`. */
async function fill(db: ClientBase, table: string, columns: string[], data: Array<Array<string | null>>): Promise<void> {
  const cols = columns.map((c) => c.split(':') as [string, string | undefined]);
  for (let i = 0; i < data.length; i += 5000) {
    const part = data.slice(i, i + 5000);
    const arrays = columns.map((_, c) => part.map((r) => r[c] ?? null));
    await db.query(
      `INSERT INTO ${table} (${cols.map(([n]) => n).join(', ')})
       SELECT ${cols.map(([, t], c) => `u.x${c}${t ? `::${t}` : ''}`).join(', ')}
         FROM unnest(${columns.map((_, c) => `$${c + 1}::text[]`).join(', ')}) AS u(${columns.map((_, c) => `x${c}`).join(', ')})`,
      arrays,
    );
  }
}

export async function loadSettings(db: ClientBase, cid: string): Promise<Settings | null> {
  const [s] = await rows<Settings>(
    db,
    `SELECT a.fiscal_year_start_month AS "fiscalYearStartMonth", a.requires_approval AS "requiresApproval"
       FROM collaborations c JOIN agenda_versions a ON a.collaboration_id = c.id AND a.version = c.current_agenda_version
      WHERE c.id = $1`,
    [cid],
  );
  return s ?? null;
}

/** The SQL names of the file's columns (c0 …) and their headers, for the error list. */
class Columns {
  constructor(readonly map: ColumnMap) {}
  col(i: number | undefined): string | null {
    return i === undefined ? null : `s.c${i}`;
  }
  field(f: keyof typeof IMPORT_COLUMNS): string | null {
    return this.col(this.map.fields[f]);
  }
  /** The header naming a column (as the old row mapping did), or null. */
  header(i: number | undefined): string | null {
    return i === undefined ? null : this.map.headers[i] || null;
  }
  /** columnOfPath for value fields: the header, else the field's name. */
  valueHeader(f: 'value' | 'numerator' | 'denominator' | 'comment'): string {
    return this.header(this.map.fields[f]) ?? f;
  }
  cellHeader(): string {
    return this.map.dims.map((d) => this.map.headers[d.index]).join(', ') || 'cell';
  }
}

/**
 * Validate the staged file: every error with row, column and reason; counts of new, changed and
 * unchanged values; a sample. Leaves the import's plan (names.ts `planTable`: the rows that pass
 * every rule, with the stored value each replaces and the action committing takes) for commit().
 */
export async function validate(db: ClientBase, imp: EngineImport, onProgress?: OnProgress): Promise<ValidationResult> {
  const settings = await loadSettings(db, imp.collaborationId);
  if (!settings) throw new Error('Collaboration not found');
  const fy = settings.fiscalYearStartMonth;
  const cid = imp.collaborationId;
  const S = stagingTable(imp.importId);
  const OK = planTable(imp.importId);
  const C = new Columns(imp.map);
  const dims = imp.map.dims;
  const ind = C.field('indicator')!;
  const per = C.field('period')!;
  const numCols = (['value', 'numerator', 'denominator'] as const).map((f) => C.field(f)).filter((c): c is string => c !== null);
  const dataRow = `NOT (${[...Array(imp.map.headers.length).keys()].map((i) => blank(`s.c${i}`)).join(' AND ') || 'true'})`;

  const [{ total }] = await rows<{ total: number }>(db, `SELECT count(*)::int AS total FROM ${S} s WHERE ${dataRow}`);
  const counts: ImportCounts = { rows: total, new: 0, changed: 0, unchanged: 0, errors: 0 };
  if (total === 0) {
    const e = { row: imp.map.headerRow + 1, column: null, message: 'The file has a header row but no rows of values' };
    return { counts: { ...counts, errors: 1 }, errors: [e], errorsTotal: 1, sample: [] };
  }
  if (total > IMPORT_MAX_ROWS) {
    const [over] = await rows<{ row_no: number }>(db, `SELECT row_no FROM ${S} s WHERE ${dataRow} ORDER BY row_no OFFSET ${IMPORT_MAX_ROWS} LIMIT 1`);
    const e = { row: over?.row_no ?? 0, column: null, message: `The file has more than ${IMPORT_MAX_ROWS} rows of values; split it into smaller files` };
    return { counts: { ...counts, rows: IMPORT_MAX_ROWS + 1, errors: 1 }, errors: [e], errorsTotal: 1, sample: [] };
  }
  await onProgress?.(0, total);

  // Lookups decided in JavaScript per distinct value. Indicators: code (any case) or id.
  await db.query(
    `CREATE TEMP TABLE imp_ind ON COMMIT DROP AS
       SELECT DISTINCT ON (key) key, id FROM (
         SELECT lower(code) AS key, id, 1 AS pri FROM indicators WHERE collaboration_id = $1
         UNION ALL SELECT id::text, id, 0 FROM indicators WHERE collaboration_id = $1) k
        ORDER BY key, pri`,
    [cid],
  );
  await db.query(`ALTER TABLE imp_ind ADD PRIMARY KEY (key)`);

  // The partner's activities, by name (any case) or id; a name two of them share is ambiguous.
  const act = C.field('activity');
  await db.query(
    `CREATE TEMP TABLE imp_act ON COMMIT DROP AS
       SELECT key, min(id::text)::uuid AS id, min(name) AS name, count(DISTINCT id) > 1 AS ambiguous FROM (
         SELECT lower(btrim(name)) AS key, id, name FROM activities WHERE collaboration_id = $1 AND partner_id = $2
         UNION ALL SELECT id::text, id, name FROM activities WHERE collaboration_id = $1 AND partner_id = $2) k
        GROUP BY key`,
    [cid, imp.partnerId],
  );
  await db.query(`ALTER TABLE imp_act ADD PRIMARY KEY (key)`);

  // Categories of each dimension column, by key or name (any case).
  await db.query(`CREATE TEMP TABLE imp_cat (dim int NOT NULL, raw text NOT NULL, key text, err text, PRIMARY KEY (dim, raw)) ON COMMIT DROP`);
  for (const [j, { index, dim }] of dims.entries()) {
    const values = await rows<{ v: string }>(db, `SELECT DISTINCT btrim(c${index}) AS v FROM ${S} WHERE ${`NOT ${blank(`c${index}`)}`}`);
    const data = values.map(({ v }) => {
      const lower = v.toLowerCase();
      const category = dim.categories.find((c) => c.key.toLowerCase() === lower || c.name.toLowerCase() === lower);
      return [String(j), v, category?.key ?? null, category ? null : `has no category "${v}" in ${dim.name} (categories: ${dim.categories.map((c) => c.name).join(', ') || 'none'})`];
    });
    await fill(db, 'imp_cat', ['dim:int', 'raw', 'key', 'err'], data);
  }

  // Numbers the fast pattern does not read: parsed by the shared parser, once per distinct spelling.
  await db.query(`CREATE TEMP TABLE imp_num (raw text PRIMARY KEY, val text, err text) ON COMMIT DROP`);
  if (numCols.length > 0) {
    await db.query(
      `DECLARE imp_odd CURSOR FOR
         SELECT DISTINCT x FROM ${S} s, LATERAL (VALUES ${numCols.map((c) => `(${c})`).join(', ')}) v(x)
          WHERE NOT ${blank('x')} AND btrim(x) !~ ${fastNumber(imp.decimalComma)}`,
    );
    for (;;) {
      const odd = await rows<{ x: string }>(db, `FETCH 5000 FROM imp_odd`);
      if (odd.length === 0) break;
      await fill(
        db,
        'imp_num',
        ['raw', 'val', 'err'],
        odd.map(({ x }) => {
          const r = parseNumberInput(x, { decimalComma: imp.decimalComma });
          return [x, r.ok ? r.value : null, r.ok ? null : r.error];
        }),
      );
    }
    await db.query(`CLOSE imp_odd`);
  }

  const num = (col: string | null) => {
    if (!col) return { val: 'NULL::numeric', err: 'NULL::text' };
    const fast = imp.decimalComma ? `replace(btrim(${col}), ',', '.')::numeric` : `btrim(${col})::numeric`;
    return {
      val: `CASE WHEN ${blank(col)} THEN NULL WHEN btrim(${col}) ~ ${fastNumber(imp.decimalComma)} THEN ${fast}
                 ELSE (SELECT n.val::numeric FROM imp_num n WHERE n.raw = ${col}) END`,
      err: `CASE WHEN ${blank(col)} OR btrim(${col}) ~ ${fastNumber(imp.decimalComma)} THEN NULL
                 ELSE (SELECT n.err FROM imp_num n WHERE n.raw = ${col}) END`,
    };
  };
  const [value, numerator, denominator] = (['value', 'numerator', 'denominator'] as const).map((f) => num(C.field(f)));
  const comment = C.field('comment');
  const commentExpr = comment ? `CASE WHEN ${comment} ~ '^''[=+\\-@\\t\\r]' THEN substr(${comment}, 2) ELSE ${comment} END` : 'NULL::text';

  // Pass 1, per row (sliced for progress): the file's own cells read and looked up.
  await db.query(`
    CREATE TEMP TABLE imp_rows (
      row_no int NOT NULL, code text, indicator_id uuid, period_raw text,
      ${dims.map((_, j) => `k${j} text, k${j}_err text`).join(', ')}${dims.length ? ',' : ''}
      value numeric, value_err text, value_given boolean, numerator numeric, numerator_err text, numerator_given boolean,
      denominator numeric, denominator_err text, denominator_given boolean, comment text,
      activity_raw text, activity_id uuid, activity_name text, activity_err text
    ) ON COMMIT DROP`);
  await db.query(`ALTER TABLE imp_rows SET (autovacuum_enabled = false)`);
  const [{ lo, hi }] = await rows<{ lo: number; hi: number }>(db, `SELECT min(row_no) AS lo, max(row_no) AS hi FROM ${S}`);
  const dimJoins = dims.map((d, j) => `LEFT JOIN imp_cat k${j} ON k${j}.dim = ${j} AND k${j}.raw = btrim(s.c${d.index})`).join('\n');
  const given = (col: string | null) => (col ? `NOT ${blank(col)}` : 'false');
  let done = 0;
  for (let from = lo; from <= hi; from += IMPORT_SLICE_ROWS) {
    const r = await db.query(`
      INSERT INTO imp_rows
      SELECT s.row_no, btrim(${ind}), i.id, upper(btrim(${per})),
             ${dims.map((_, j) => `k${j}.key, k${j}.err,`).join(' ')}
             ${value.val}, ${value.err}, ${given(C.field('value'))},
             ${numerator.val}, ${numerator.err}, ${given(C.field('numerator'))},
             ${denominator.val}, ${denominator.err}, ${given(C.field('denominator'))},
             ${commentExpr},
             ${act ? `nullif(btrim(${act}), ''), CASE WHEN NOT a.ambiguous THEN a.id END, a.name,
             CASE WHEN ${blank(act)} THEN NULL
                  WHEN a.key IS NULL THEN format('"%s" is not one of your organisation''s activities', btrim(${act}))
                  WHEN a.ambiguous THEN format('"%s" names more than one of your organisation''s activities; give the activity''s id', btrim(${act})) END`
                 : 'NULL, NULL::uuid, NULL, NULL'}
        FROM ${S} s
        LEFT JOIN imp_ind i ON i.key = lower(btrim(${ind}))
        ${act ? `LEFT JOIN imp_act a ON a.key = lower(btrim(${act}))` : ''}
        ${dimJoins}
       WHERE s.row_no >= ${from} AND s.row_no < ${from + IMPORT_SLICE_ROWS} AND ${dataRow}`);
    done += r.rowCount ?? 0;
    await onProgress?.(Math.round(done * 0.5), total);
  }
  await db.query(`ANALYZE imp_rows`);

  // Periods per (periodicity, spelling); commitments and locks per canonical period.
  await db.query(`CREATE TEMP TABLE imp_per (periodicity text, raw text, period text, err text, s_idx int, e_idx int, lock_msg text, PRIMARY KEY (periodicity, raw)) ON COMMIT DROP`);
  const lockRows = await rows<{ period: string }>(db, `SELECT period FROM period_locks WHERE collaboration_id = $1`, [cid]);
  const locks = new PeriodLockCheck(lockRows.map((l) => l.period), fy);
  const distinctPeriods = await rows<{ periodicity: 'month' | 'quarter' | 'year'; raw: string }>(
    db,
    `SELECT DISTINCT ind.periodicity, r.period_raw AS raw FROM imp_rows r JOIN indicators ind ON ind.collaboration_id = $1 AND ind.id = r.indicator_id WHERE r.period_raw <> ''`,
    [cid],
  );
  await fill(
    db,
    'imp_per',
    ['periodicity', 'raw', 'period', 'err', 's_idx:int', 'e_idx:int', 'lock_msg'],
    distinctPeriods.map(({ periodicity, raw }) => {
      const parsed = periodKeySchema(fy, periodicity).safeParse(raw);
      if (!parsed.success) return [periodicity, raw, null, parsed.error.issues[0]?.message ?? 'is not a valid period', null, null, null];
      const p = parsePeriodKey(parsed.data, fy);
      return [periodicity, raw, parsed.data, null, p.ok ? String(p.period.startIndex) : null, p.ok ? String(p.period.endIndex) : null, locks.closed(parsed.data)];
    }),
  );
  await db.query(`CREATE TEMP TABLE imp_com (indicator_id uuid PRIMARY KEY, s_idx int, e_idx int, span text) ON COMMIT DROP`);
  const commitments = await rows<{ indicatorId: string; startPeriod: string; endPeriod: string | null }>(
    db,
    `SELECT indicator_id AS "indicatorId", start_period AS "startPeriod", end_period AS "endPeriod" FROM commitments WHERE collaboration_id = $1 AND partner_id = $2`,
    [cid, imp.partnerId],
  );
  await fill(
    db,
    'imp_com',
    ['indicator_id:uuid', 's_idx:int', 'e_idx:int', 'span'],
    commitments.map((c) => {
      const s = parsePeriodKey(c.startPeriod, fy);
      const e = c.endPeriod ? parsePeriodKey(c.endPeriod, fy) : null;
      return [
        c.indicatorId,
        s.ok ? String(s.period.startIndex) : '2147483647',
        e && e.ok ? String(e.period.endIndex) : null,
        `from ${c.startPeriod}${c.endPeriod ? ` to ${c.endPeriod}` : ''}`,
      ];
    }),
  );

  // Cells per (indicator, categories): the file's label (duplicates) and the canonical cell.
  const indicatorDims = new Map<string, Array<{ key: string; categories: string[] }>>();
  for (const d of await rows<{ indicatorId: string; key: string; categories: string[] }>(
    db,
    `SELECT idim.indicator_id AS "indicatorId", d.key,
            coalesce(array_agg(c.key ORDER BY c.position, c.key) FILTER (WHERE c.key IS NOT NULL), '{}') AS categories
       FROM indicator_dimensions idim
       JOIN dimensions d ON d.collaboration_id = idim.collaboration_id AND d.id = idim.dimension_id
       LEFT JOIN dimension_categories c ON c.collaboration_id = d.collaboration_id AND c.dimension_id = d.id
      WHERE idim.collaboration_id = $1
      GROUP BY idim.indicator_id, d.key, idim.position
      ORDER BY idim.indicator_id, idim.position, d.key`,
    [cid],
  )) {
    indicatorDims.set(d.indicatorId, [...(indicatorDims.get(d.indicatorId) ?? []), { key: d.key, categories: d.categories }]);
  }
  const kcols = dims.map((_, j) => `k${j}`);
  await db.query(
    `CREATE TEMP TABLE imp_cell (indicator_id uuid, ${kcols.map((k) => `${k} text`).join(', ')}${kcols.length ? ',' : ''} label text, cell text, errs jsonb) ON COMMIT DROP`,
  );
  const combos = await rows<Record<string, string | null>>(
    db,
    `SELECT DISTINCT indicator_id::text AS indicator_id${kcols.map((k) => `, ${k}`).join('')} FROM imp_rows WHERE indicator_id IS NOT NULL`,
  );
  await fill(
    db,
    'imp_cell',
    ['indicator_id:uuid', ...kcols, 'label', 'cell', 'errs:jsonb'],
    combos.map((c) => {
      const chosen = dims.flatMap((d, j) => (c[`k${j}`] ? [{ key: d.dim.key, category: c[`k${j}`]!, header: C.header(d.index) }] : []));
      const label = chosen.map((x) => `${x.key}=${x.category}`).sort().join(';') || 'total';
      const own = indicatorDims.get(c.indicator_id!) ?? [];
      const errs: Array<{ column: string | null; message: string }> = [];
      let cell: string | null = 'total';
      if (chosen.length > 0) {
        const names = own.map((d) => d.key).join(', ');
        if (own.length === 0) {
          errs.push({ column: C.cellHeader(), message: 'must be "total": this indicator has no disaggregation' });
        } else {
          for (const x of chosen) {
            const d = own.find((o) => o.key === x.key);
            if (!d) errs.push({ column: x.header ?? x.key, message: `is not a dimension of this indicator (its dimensions: ${names})` });
            else if (!d.categories.includes(x.category)) {
              errs.push({ column: x.header ?? x.key, message: `has no category "${x.category}" (categories: ${d.categories.join(', ') || 'none'})` });
            }
          }
          const missing = own.filter((d) => !chosen.some((x) => x.key === d.key)).map((d) => d.key);
          if (missing.length > 0) errs.push({ column: C.cellHeader(), message: `must name a category for every dimension of this indicator; missing: ${missing.join(', ')}` });
        }
        cell = errs.length > 0 ? null : own.map((d) => `${d.key}=${chosen.find((x) => x.key === d.key)!.category}`).join(';');
      }
      return [c.indicator_id!, ...kcols.map((k) => c[k] ?? null), label, cell, JSON.stringify(errs)];
    }),
  );
  await onProgress?.(Math.round(total * 0.6), total);

  // Pass 2: every rule per row, as one table.
  const kEq = kcols.map((k) => `coalesce(cl.${k}, '') = coalesce(r.${k}, '')`).join(' AND ');
  // Duplicates in the file (same indicator, period as written, cells) are reported, never added up.
  await db.query(`
    CREATE TEMP TABLE imp_prep ON COMMIT DROP AS
    SELECT x.*, CASE WHEN x.has_input AND x.first_row <> x.row_no THEN x.first_row END AS dup_of FROM (
      SELECT r.*, ind.code AS ind_code, ind.value_type, ind.status AS ind_status, ind.aggregation_across, ind.min_value, ind.max_value,
             p.period, p.err AS period_err, p.lock_msg, p.s_idx AS p_s, p.e_idx AS p_e,
             com.indicator_id IS NOT NULL AS committed, com.s_idx AS c_s, com.e_idx AS c_e, com.span,
             cl.label, cl.cell, cl.errs AS cell_errs,
             (r.indicator_id IS NOT NULL AND r.period_raw <> '') AS has_input,
             min(r.row_no) OVER (PARTITION BY r.indicator_id IS NOT NULL AND r.period_raw <> '', r.indicator_id, r.period_raw, cl.label,
                                              coalesce(r.activity_id::text, lower(r.activity_raw))) AS first_row
        FROM imp_rows r
        LEFT JOIN indicators ind ON ind.collaboration_id = '${cid}' AND ind.id = r.indicator_id
        LEFT JOIN imp_per p ON p.periodicity = ind.periodicity AND p.raw = r.period_raw
        LEFT JOIN imp_com com ON com.indicator_id = r.indicator_id
        LEFT JOIN imp_cell cl ON cl.indicator_id = r.indicator_id${kEq ? ` AND ${kEq}` : ''}) x`);
  await db.query(`ANALYZE imp_prep`);
  await onProgress?.(Math.round(total * 0.8), total);

  const h = (s: string | null) => lit(s);
  const ratio = `value_type IN ('percentage', 'ratio')`;
  const reported = `CASE WHEN ${ratio} THEN CASE WHEN numerator IS NOT NULL AND denominator IS NOT NULL AND denominator <> 0
                      THEN numerator / denominator * CASE WHEN value_type = 'percentage' THEN 100 ELSE 1 END END ELSE value END`;
  const unit = `CASE WHEN value_type = 'percentage' THEN ' (as a percentage)' ELSE '' END`;
  const rangeCol = `CASE WHEN ${ratio} THEN ${h(C.valueHeader('numerator'))} ELSE ${h(C.valueHeader('value'))} END`;
  const checked = `has_input AND dup_of IS NULL`;
  // Errors of the validation rules proper (ord ≥ 110), which decide whether a row is prepared.
  const ruleErrors = `
      (110, ${h(C.header(imp.map.fields.indicator))}, CASE WHEN ${checked} AND ind_status <> 'active' THEN format('is retired (%s): it no longer takes values', ind_code) END),
      (112, ${h(C.header(imp.map.fields.activity))}, CASE WHEN ${checked} THEN activity_err END),
      (120, ${h(C.header(imp.map.fields.period))}, CASE WHEN ${checked} THEN period_err END),
      (130, CASE WHEN NOT committed THEN ${h(C.header(imp.map.fields.indicator))} ELSE ${h(C.header(imp.map.fields.period))} END,
            CASE WHEN ${checked} THEN CASE
              WHEN NOT committed THEN format('is not an indicator your organisation has committed to report (%s)', ind_code)
              WHEN period IS NOT NULL AND (p_s IS NULL OR p_s < c_s OR (c_e IS NOT NULL AND p_e > c_e))
                THEN format('is outside your organisation''s commitment to %s (%s)', ind_code, span) END END),
      (150, CASE WHEN ${ratio} THEN ${h(C.valueHeader('value'))} ELSE ${h(C.valueHeader('numerator'))} END,
            CASE WHEN ${checked} THEN CASE
              WHEN ${ratio} AND value IS NOT NULL THEN format('is not used for a %s indicator; give numerator and denominator', value_type)
              WHEN NOT ${ratio} AND numerator IS NOT NULL THEN 'is only for percentage and ratio indicators; give value' END END),
      (151, CASE WHEN ${ratio} THEN ${h(C.valueHeader('numerator'))} ELSE ${h(C.valueHeader('denominator'))} END,
            CASE WHEN ${checked} THEN CASE
              WHEN ${ratio} AND numerator IS NULL THEN 'is required'
              WHEN NOT ${ratio} AND denominator IS NOT NULL THEN 'is only for percentage and ratio indicators; give value' END END),
      (152, CASE WHEN ${ratio} THEN ${h(C.valueHeader('denominator'))} ELSE ${h(C.valueHeader('value'))} END,
            CASE WHEN ${checked} THEN CASE
              WHEN ${ratio} AND denominator IS NULL THEN 'is required'
              WHEN NOT ${ratio} AND value IS NULL THEN 'is required'
              WHEN NOT ${ratio} AND value_type = 'count' AND value < 0 THEN 'must not be negative for a count'
              WHEN NOT ${ratio} AND value_type = 'count' AND value <> trunc(value) THEN 'must be a whole number for a count' END END),
      (153, ${h(C.valueHeader('denominator'))}, CASE WHEN ${checked} AND ${ratio} AND denominator <= 0 THEN 'must be greater than 0' END),
      (154, ${h(C.valueHeader('numerator'))}, CASE WHEN ${checked} AND value_type = 'percentage' AND numerator IS NOT NULL THEN CASE
              WHEN numerator < 0 THEN 'must not be negative for a percentage'
              WHEN denominator IS NOT NULL AND numerator > denominator THEN 'must not be greater than the denominator for a percentage' END END)`;
  // A row that may have a problem (most rows have none: they skip the per-rule expansion below).
  const suspect = [
    `code IS NULL OR code = '' OR indicator_id IS NULL OR period_raw IS NULL OR period_raw = '' OR dup_of IS NOT NULL`,
    ...dims.map((_, j) => `k${j}_err IS NOT NULL`),
    `value_err IS NOT NULL OR numerator_err IS NOT NULL OR denominator_err IS NOT NULL OR length(comment) > 2000 OR activity_err IS NOT NULL`,
    `ind_status <> 'active' OR period_err IS NOT NULL OR period IS NULL OR NOT committed OR p_s IS NULL OR p_s < c_s OR (c_e IS NOT NULL AND p_e > c_e)`,
    `cell_errs IS NULL OR cell_errs <> '[]'::jsonb`,
    `CASE WHEN ${ratio} THEN value IS NOT NULL OR numerator IS NULL OR denominator IS NULL OR denominator <= 0
                              OR (value_type = 'percentage' AND (numerator < 0 OR numerator > denominator))
          ELSE numerator IS NOT NULL OR denominator IS NOT NULL OR value IS NULL OR (value_type = 'count' AND (value < 0 OR value <> trunc(value))) END`,
  ].map((c) => `(${c})`).join(' OR ');
  // One row per problem; then the range check (only when the rules above passed) and locks.
  await db.query(`
    CREATE TEMP TABLE imp_err ON COMMIT DROP AS
    SELECT row_no, ord, col, msg FROM imp_prep, LATERAL (VALUES
      (10, ${h(C.header(imp.map.fields.indicator))}, CASE WHEN code IS NULL OR code = '' THEN 'is required: the indicator code'
                                                         WHEN indicator_id IS NULL THEN format('"%s" is not an indicator code of this collaboration', code) END),
      (20, ${h(C.header(imp.map.fields.period))}, CASE WHEN period_raw IS NULL OR period_raw = '' THEN 'is required: a period like 2026-03, 2026-Q1 or 2026' END),
      ${dims.map((d, j) => `(${30 + j}, ${h(C.header(d.index))}, k${j}_err),`).join('\n      ')}
      (60, ${h(C.header(imp.map.fields.value))}, value_err),
      (61, ${h(C.header(imp.map.fields.numerator))}, numerator_err),
      (62, ${h(C.header(imp.map.fields.denominator))}, denominator_err),
      (70, ${h(C.header(imp.map.fields.comment))}, CASE WHEN length(comment) > 2000 THEN 'must be at most 2000 characters' END),
      (100, NULL, CASE WHEN dup_of IS NOT NULL THEN format('repeats row %s (same indicator, period${act ? ', cell and activity' : ' and cell'}): each value must appear once — rows are never added up', dup_of) END),
      ${ruleErrors}
    ) e(ord, col, msg)
     WHERE (${suspect}) AND msg IS NOT NULL
    UNION ALL
    SELECT row_no, 140 + (e.ordinality::int - 1), e.item->>'column', e.item->>'message'
      FROM imp_prep, jsonb_array_elements(cell_errs) WITH ORDINALITY e(item, ordinality)
     WHERE ${checked} AND cell_errs IS NOT NULL`);
  await db.query(`
    INSERT INTO imp_err (row_no, ord, col, msg)
    SELECT row_no, 160, ${rangeCol}, CASE
             WHEN min_value IS NOT NULL AND (${reported}) < min_value THEN format('must be at least %s%s for %s', trim_scale(min_value)::text, ${unit}, ind_code)
             WHEN max_value IS NOT NULL AND (${reported}) > max_value THEN format('must be at most %s%s for %s', trim_scale(max_value)::text, ${unit}, ind_code) END
      FROM imp_prep p
     WHERE ${checked} AND (min_value IS NOT NULL OR max_value IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM imp_err e WHERE e.row_no = p.row_no AND e.ord >= 110)
       AND ((min_value IS NOT NULL AND (${reported}) < min_value) OR (max_value IS NOT NULL AND (${reported}) > max_value))`);
  await db.query(`
    INSERT INTO imp_err (row_no, ord, col, msg)
    SELECT row_no, 170, ${h(C.header(imp.map.fields.period))}, lock_msg FROM imp_prep
     WHERE ${checked} AND lock_msg IS NOT NULL AND period IS NOT NULL AND cell IS NOT NULL`);
  await db.query(`CREATE INDEX ON imp_err (row_no)`);

  // The prepared rows (every rule passed), with the stored value each would replace and what
  // committing would do: new, changed (numbers or comment; or submitted when only the status moves)
  // or unchanged. This is the plan the commit writes (see planStillHolds), in `seq` order: the
  // unique key's, which new values' ids (uuidV7) follow too.
  const changed = (p: string, v: string) =>
    `(${p}.value IS DISTINCT FROM ${v}.value OR ${p}.numerator IS DISTINCT FROM ${v}.numerator OR ${p}.denominator IS DISTINCT FROM ${v}.denominator)`;
  await db.query(`DROP TABLE IF EXISTS ${OK}`);
  await db.query(`
    CREATE UNLOGGED TABLE ${OK} AS
    SELECT q.*, coalesce(q.old_id, ${uuidV7('q.seq')}) AS value_id FROM (
    SELECT row_number() OVER (ORDER BY p.indicator_id, p.period, p.cell${act ? ', p.activity_id NULLS FIRST' : ''}) AS seq,
           p.row_no, p.indicator_id, p.ind_code, p.period, p.cell, p.activity_id, p.activity_name, p.value, p.numerator, p.denominator, p.value_type, p.aggregation_across,
           nullif(left(p.comment, 2000), '') AS comment,
           v.id AS old_id, v.version AS old_version, v.value AS old_value, v.numerator AS old_numerator,
           v.denominator AS old_denominator, v.status AS old_status, v.comment AS old_comment, v.return_reason AS old_return_reason,
           v.flagged AS old_flagged, v.flag_reason AS old_flag_reason,
           (v.id IS NULL OR ${changed('p', 'v')}) AS numbers_changed,
           CASE WHEN v.id IS NULL THEN 'create'
                WHEN ${changed('p', 'v')} OR coalesce(nullif(left(p.comment, 2000), ''), v.comment) <> v.comment THEN 'update'
                WHEN ${imp.submit ? 'true' : 'false'} AND v.status IN ('draft', 'returned') THEN 'submit' END AS action,
           false AS flagged, NULL::text AS flag_reason
      FROM imp_prep p
      LEFT JOIN indicator_values v ON v.collaboration_id = '${cid}' AND v.indicator_id = p.indicator_id AND v.partner_id = '${imp.partnerId}'
                                  AND v.period = p.period AND v.cell = p.cell
                                  AND ${act ? `COALESCE(v.activity_id, ${NIL}) = COALESCE(p.activity_id, ${NIL})` : 'v.activity_id IS NULL'}
     WHERE p.has_input AND p.dup_of IS NULL AND p.period IS NOT NULL AND p.cell IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM imp_err e WHERE e.row_no = p.row_no AND e.ord >= 110)) q`);
  await db.query(`CREATE INDEX ON ${OK} (row_no)`);
  await db.query(`CREATE INDEX ON ${OK} (seq)`);
  await db.query(`ANALYZE ${OK}`);

  // A total with a full breakdown must equal its cells (on the state after the import).
  const [{ n: ruleCount }] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM imp_err WHERE ord >= 110`);
  if (ruleCount === 0) await breakdownErrors(db, imp, C, act !== null);

  const [outcomes] = await rows<{ new: number; changed: number; unchanged: number }>(
    db,
    `SELECT count(*) FILTER (WHERE old_id IS NULL)::int AS new, count(*) FILTER (WHERE old_id IS NOT NULL AND action IS NOT NULL)::int AS changed,
            count(*) FILTER (WHERE action IS NULL)::int AS unchanged FROM ${OK}`,
  );
  Object.assign(counts, outcomes);

  // Every error once per (row, column); the first IMPORT_ERROR_LIST_CAP by row.
  const dedup = `SELECT DISTINCT ON (row_no, coalesce(col, ord::text || '#')) row_no, ord, col, msg FROM imp_err
                  ORDER BY row_no, coalesce(col, ord::text || '#'), ord`;
  const [{ n: errorsTotal }] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM (${dedup}) d`);
  const errors = (await rows<{ row_no: number; col: string | null; msg: string }>(db, `SELECT row_no, col, msg FROM (${dedup}) d ORDER BY row_no, ord LIMIT ${IMPORT_ERROR_LIST_CAP}`)).map(
    (e) => ({ row: e.row_no, column: e.col, message: e.msg }),
  );
  counts.errors = errorsTotal;
  // More than the preview lists: every error is kept for the full list's download.
  await db.query(`DROP TABLE IF EXISTS ${errorsTable(imp.importId)}`);
  if (errorsTotal > IMPORT_ERROR_LIST_CAP) {
    await db.query(`CREATE UNLOGGED TABLE ${errorsTable(imp.importId)} AS SELECT row_no, ord, col, msg FROM (${dedup}) d`);
  }

  const sample = (
    await rows<{ row_no: number; ind_code: string; period: string; cell: string; value: string | null; numerator: string | null; denominator: string | null; comment: string | null; activity_name: string | null; outcome: ImportSampleRow['outcome'] }>(
      db,
      `SELECT row_no, ind_code, period, cell, trim_scale(value)::text AS value, trim_scale(numerator)::text AS numerator,
              trim_scale(denominator)::text AS denominator, comment, activity_name,
              CASE WHEN old_id IS NULL THEN 'new' WHEN action IS NULL THEN 'unchanged' ELSE 'changed' END AS outcome
         FROM ${OK} ORDER BY row_no LIMIT ${IMPORT_SAMPLE_ROWS}`,
    )
  ).map((r) => ({
    row: r.row_no,
    indicator: r.ind_code,
    period: r.period,
    cell: r.cell,
    value: r.value === null ? null : normalizeDecimal(r.value),
    numerator: r.numerator === null ? null : normalizeDecimal(r.numerator),
    denominator: r.denominator === null ? null : normalizeDecimal(r.denominator),
    comment: r.comment,
    activity: r.activity_name,
    outcome: r.outcome,
  }));
  await onProgress?.(total, total);
  return { counts, errors, errorsTotal, sample };
}

/** Breakdown consistency: stored values of the touched groups overlaid with the file's rows. */
async function breakdownErrors(db: ClientBase, imp: EngineImport, C: Columns, byActivity: boolean): Promise<void> {
  const cid = imp.collaborationId;
  const OK = planTable(imp.importId);
  // Each activity's values form their own group; without an activity column the file holds the partner's own values only.
  const fileAct = byActivity ? `COALESCE(p.activity_id, ${NIL})` : NIL;
  const storedAct = `COALESCE(v.activity_id, ${NIL})`;
  const storedOnly = byActivity ? `g.act = ${storedAct}` : 'v.activity_id IS NULL';
  await db.query(`
    INSERT INTO imp_err (row_no, ord, col, msg)
    WITH shape AS (
      SELECT idim.indicator_id, count(*) AS ndims,
             exp(sum(ln(greatest((SELECT count(*) FROM dimension_categories c WHERE c.collaboration_id = idim.collaboration_id AND c.dimension_id = idim.dimension_id), 1e-300)))) AS combos
        FROM indicator_dimensions idim WHERE idim.collaboration_id = '${cid}' GROUP BY idim.indicator_id),
    f AS (
      SELECT p.indicator_id, p.period, ${fileAct} AS act, p.cell, p.value, p.numerator, p.denominator, p.row_no, p.value_type,
             round(s.combos)::bigint AS combos
        FROM ${OK} p JOIN shape s ON s.indicator_id = p.indicator_id
       WHERE p.aggregation_across IN ('sum', 'ratio') AND s.combos >= 1),
    g AS (SELECT DISTINCT indicator_id, period, act, value_type, combos FROM f),
    v AS (
      SELECT v.indicator_id, v.period, ${storedAct} AS act, v.cell, v.value, v.numerator, v.denominator
        FROM indicator_values v JOIN g ON g.indicator_id = v.indicator_id AND g.period = v.period AND ${storedOnly}
       WHERE v.collaboration_id = '${cid}' AND v.partner_id = '${imp.partnerId}'),
    st AS (
      SELECT coalesce(f.indicator_id, v.indicator_id) AS indicator_id, coalesce(f.period, v.period) AS period, coalesce(f.act, v.act) AS act,
             coalesce(f.cell, v.cell) AS cell,
             CASE WHEN f.row_no IS NOT NULL THEN f.value ELSE v.value END AS value,
             CASE WHEN f.row_no IS NOT NULL THEN f.numerator ELSE v.numerator END AS numerator,
             CASE WHEN f.row_no IS NOT NULL THEN f.denominator ELSE v.denominator END AS denominator, f.row_no
        FROM f FULL JOIN v ON v.indicator_id = f.indicator_id AND v.period = f.period AND v.act = f.act AND v.cell = f.cell),
    agg AS (
      SELECT st.indicator_id, st.period, st.act, g.value_type, g.combos,
             count(*) FILTER (WHERE cell <> 'total') AS ncells, bool_or(cell = 'total') AS has_total,
             max(value) FILTER (WHERE cell = 'total') AS tv, max(numerator) FILTER (WHERE cell = 'total') AS tn,
             max(denominator) FILTER (WHERE cell = 'total') AS td, max(row_no) FILTER (WHERE cell = 'total') AS total_row,
             sum(coalesce(value, 0)) FILTER (WHERE cell <> 'total') AS sv, sum(coalesce(numerator, 0)) FILTER (WHERE cell <> 'total') AS sn,
             sum(coalesce(denominator, 0)) FILTER (WHERE cell <> 'total') AS sd, min(row_no) FILTER (WHERE cell <> 'total') AS first_cell_row
        FROM st JOIN g ON g.indicator_id = st.indicator_id AND g.period = st.period AND g.act = st.act
       GROUP BY st.indicator_id, st.period, st.act, g.value_type, g.combos),
    bad AS (
      SELECT *, CASE WHEN value_type IN ('percentage', 'ratio') THEN trim_scale(sn)::text || '/' || trim_scale(sd)::text ELSE trim_scale(sv)::text END AS expected
        FROM agg
       WHERE has_total AND ncells = combos AND CASE
               WHEN value_type IN ('percentage', 'ratio') THEN sd <> 0 AND coalesce(td, 1) <> 0 AND coalesce(tn, 0) * sd <> sn * coalesce(td, 1)
               ELSE coalesce(tv, 0) <> sv END)
    SELECT coalesce(total_row, first_cell_row), 180,
           CASE WHEN total_row IS NULL THEN NULL WHEN value_type IN ('percentage', 'ratio') THEN ${lit(C.valueHeader('numerator'))} ELSE ${lit(C.valueHeader('value'))} END,
           CASE WHEN total_row IS NOT NULL
                THEN format('is the total, but its breakdown cells add up to %s; a total sent with a full breakdown must equal it', expected)
                ELSE format('makes the breakdown add up to %s, which no longer equals the stored total; send the total too', expected) END
      FROM bad`);
}

export interface CommitActor {
  userId: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  fileName: string;
}

export interface CommitTotals {
  created: number;
  updated: number;
  unchanged: number;
}

/** The import cannot be committed as it stands (errors since the preview, archived collaboration). */
export class CommitRefused extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 410,
    readonly errors: ImportError[] = [],
    readonly errorsTotal = 0,
  ) {
    super(message);
  }
}

/**
 * A digest of everything an import's plan was decided on: the collaboration's fiscal year and
 * approval setting, its indicators, dimensions, categories and period locks, the partner's
 * commitments, and the partner's stored values (by id and row version) in the indicator × periods
 * the plan touches. Read in the validation's snapshot it stamps the plan; read again under the
 * commit's write lock, an equal digest means the plan still holds. Any change (even one that would
 * not alter the plan) gives another digest, and the commit then validates again.
 */
export async function stateStamp(db: ClientBase, imp: Pick<EngineImport, 'collaborationId' | 'partnerId' | 'importId'>): Promise<string> {
  const digest = (table: string, where = 'x.collaboration_id = $1') => `(SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM ${table} x WHERE ${where})`;
  const [r] = await rows<{ stamp: string }>(
    db,
    `SELECT md5(concat_ws('|',
       (SELECT a.fiscal_year_start_month || ':' || a.requires_approval FROM collaborations c
          JOIN agenda_versions a ON a.collaboration_id = c.id AND a.version = c.current_agenda_version WHERE c.id = $1),
       ${digest('indicators')}, ${digest('indicator_dimensions')}, ${digest('dimensions')}, ${digest('dimension_categories')},
       ${digest('period_locks')}, ${digest('commitments', 'x.collaboration_id = $1 AND x.partner_id = $2')},
       ${digest('activities', 'x.collaboration_id = $1 AND x.partner_id = $2')},
       (SELECT count(*) || ':' || coalesce(sum(hashtextextended(v.id::text || ':' || v.xmin::text, 0)::numeric), 0)
          FROM indicator_values v
          JOIN (SELECT DISTINCT indicator_id, period FROM ${planTable(imp.importId)}) t ON t.indicator_id = v.indicator_id AND t.period = v.period
         WHERE v.collaboration_id = $1 AND v.partner_id = $2))) AS stamp`,
    [imp.collaborationId, imp.partnerId],
  );
  return r!.stamp;
}

/**
 * Whether the plan the preview left can be written as it stands: it is there, whole (an UNLOGGED
 * table is emptied by a database crash), and nothing it was decided on has changed since.
 */
async function planStillHolds(db: ClientBase, imp: EngineImport, preview: PreviewPlan): Promise<boolean> {
  if (!preview.stamp) return false;
  const [t] = await rows<{ t: string | null }>(db, `SELECT to_regclass($1) AS t`, [planTable(imp.importId)]);
  if (!t?.t) return false;
  const [{ n }] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${planTable(imp.importId)}`);
  if (n !== preview.counts.new + preview.counts.changed + preview.counts.unchanged) return false;
  return (await stateStamp(db, imp)) === preview.stamp;
}

/** What the preview found and stamped (imports.counts, imports.plan_stamp). */
export interface PreviewPlan {
  stamp: string | null;
  counts: ImportCounts;
}

/**
 * Commit a validated import, all or nothing, inside the caller's transaction: lock the partner's
 * values for writing; unless the preview's plan still holds (planStillHolds), validate again
 * against the current data (409 listing the errors if anything changed); then write the plan
 * set-based, in slices for progress: INSERT … ON CONFLICT DO UPDATE into indicator_values
 * (outliers flagged), a revision per change, one outbox row per indicator × period whose rollups
 * move, one audit event summarising the import. `rechecked`: whether it validated again.
 */
export async function commit(
  db: ClientBase,
  imp: EngineImport,
  actor: CommitActor,
  preview: PreviewPlan,
  onProgress?: OnProgress,
): Promise<CommitTotals & { rechecked: boolean }> {
  const cid = imp.collaborationId;
  const OK = planTable(imp.importId);
  // As a write to one partner's values (CollaborationWriteLock.lockForPartner): the collaboration
  // shared (definitions, locks and reviews wait), the partner exclusive (its other writes wait);
  // other partners keep saving while a large import commits.
  const [collab] = await rows<{ status: string }>(db, `SELECT status FROM collaborations WHERE id = $1 FOR SHARE`, [cid]);
  if (!collab) throw new CommitRefused('Collaboration not found', 404);
  await db.query(`SELECT 1 FROM partners WHERE collaboration_id = $1 AND id = $2 FOR NO KEY UPDATE`, [cid, imp.partnerId]);
  if (collab.status === 'archived') throw new CommitRefused('This collaboration is archived', 409);
  const settings = (await loadSettings(db, cid))!;
  let v: ImportCounts = preview.counts;
  const rechecked = !(await planStillHolds(db, imp, preview));
  if (rechecked) {
    const again = await validate(db, imp, onProgress ? (d, t) => onProgress(Math.round(d * 0.3), t) : undefined);
    if (again.errorsTotal > 0) {
      throw new CommitRefused(
        `The data changed since the preview: ${again.errorsTotal} row(s) can no longer be imported; nothing was imported. Upload the file again to see the errors`,
        409,
        again.errors,
        again.errorsTotal,
      );
    }
    v = again.counts;
  }
  const total = v.rows;
  if (!rechecked) await onProgress?.(Math.round(total * 0.3), total);
  const counting = settings.requiresApproval ? `('approved')` : `('approved', 'submitted')`;
  const submit = imp.submit;

  // The stored values being replaced, locked (the partner lock already keeps their other writers out).
  await db.query(`SELECT 1 FROM indicator_values v JOIN ${OK} p ON p.old_id = v.id WHERE v.collaboration_id = '${cid}' AND p.action IS NOT NULL FOR UPDATE OF v`);

  // Outliers: far outside the partner's own last 12 counting values of the same indicator and cell.
  const reported = (t: string, valueType: string) =>
    `CASE WHEN ${valueType} IN ('percentage', 'ratio') THEN CASE WHEN ${t}.denominator <> 0 THEN ${t}.numerator / ${t}.denominator * CASE WHEN ${valueType} = 'percentage' THEN 100 ELSE 1 END END ELSE ${t}.value END`;
  const fmt = (x: string) => `trim_scale(round(${x}, greatest(0, 11 - floor(log(abs(${x})))::int)))::text`;
  await db.query(`
    WITH keys AS (SELECT DISTINCT indicator_id, cell FROM ${OK} WHERE numbers_changed AND action IS NOT NULL),
    ranked AS (
      SELECT v.indicator_id, v.cell, ${reported('v', 'i.value_type')} AS x,
             row_number() OVER (PARTITION BY v.indicator_id, v.cell ORDER BY v.period DESC) AS n
        FROM indicator_values v
        JOIN keys k ON k.indicator_id = v.indicator_id AND k.cell = v.cell
        JOIN indicators i ON i.collaboration_id = v.collaboration_id AND i.id = v.indicator_id
       WHERE v.collaboration_id = '${cid}' AND v.partner_id = '${imp.partnerId}' AND v.status IN ${counting}
         AND v.period NOT IN (SELECT DISTINCT period FROM ${OK})),
    hist AS (SELECT indicator_id, cell, count(x) AS c, max(x) AS mx, min(x) AS mn FROM ranked WHERE n <= 12 GROUP BY indicator_id, cell HAVING count(x) >= 3),
    judged AS (
      SELECT p.row_no, ${reported('p', 'p.value_type')} AS x, h.mx, h.mn FROM ${OK} p JOIN hist h ON h.indicator_id = p.indicator_id AND h.cell = p.cell
       WHERE p.numbers_changed AND p.action IS NOT NULL)
    UPDATE ${OK} p SET flagged = true, flag_reason = CASE
        WHEN j.mx > 0 AND j.x > 3 * j.mx THEN format('%s is more than 3 times this partner''s highest recent value (%s)', ${fmt('j.x')}, ${fmt('j.mx')})
        ELSE format('%s is less than a third of this partner''s lowest recent value (%s)', ${fmt('j.x')}, ${fmt('j.mn')}) END
      FROM judged j
     WHERE j.row_no = p.row_no AND j.x IS NOT NULL AND ((j.mx > 0 AND j.x > 3 * j.mx) OR (j.mn > 0 AND j.x < j.mn / 3))`);

  // The new state of each written value (as the batch path computes it).
  const status = `CASE WHEN ${submit ? 'true' : 'false'} THEN 'submitted' ELSE 'draft' END`;
  const comment = `coalesce(p.comment, p.old_comment, '')`;
  const returnReason = submit ? 'NULL::text' : 'p.old_return_reason';
  const flagged = `CASE WHEN p.numbers_changed THEN p.flagged ELSE coalesce(p.old_flagged, false) END`;
  const flagReason = `CASE WHEN p.numbers_changed THEN p.flag_reason ELSE p.old_flag_reason END`;
  /** What a revision keeps of a value (as value-changes.ts `snapshot`), from column expressions. */
  const snapshot = (f: Record<'value' | 'numerator' | 'denominator' | 'status' | 'comment' | 'return_reason' | 'flagged', string>) =>
    `jsonb_build_object('partnerId', '${imp.partnerId}', 'value', trim_scale(${f.value})::text, 'numerator', trim_scale(${f.numerator})::text,
                        'denominator', trim_scale(${f.denominator})::text, 'status', ${f.status}, 'comment', ${f.comment})
      || CASE WHEN coalesce(${f.return_reason}, '') <> '' THEN jsonb_build_object('returnReason', ${f.return_reason}) ELSE '{}'::jsonb END
      || CASE WHEN ${f.flagged} THEN '{"flagged": true}'::jsonb ELSE '{}'::jsonb END`;
  const before = snapshot({
    value: 'p.old_value',
    numerator: 'p.old_numerator',
    denominator: 'p.old_denominator',
    status: 'p.old_status',
    comment: 'p.old_comment',
    return_reason: 'p.old_return_reason',
    flagged: 'coalesce(p.old_flagged, false)',
  });
  const after = snapshot({ value: 'p.value', numerator: 'p.numerator', denominator: 'p.denominator', status, comment, return_reason: returnReason, flagged });

  const [{ lo, hi, planned, fresh }] = await rows<{ lo: number | null; hi: number | null; planned: number; fresh: number }>(
    db,
    `SELECT min(seq)::int AS lo, max(seq)::int AS hi, count(*)::int AS planned, count(*) FILTER (WHERE old_id IS NULL)::int AS fresh FROM ${OK} WHERE action IS NOT NULL`,
  );
  let created = 0;
  let written = 0;
  if (lo !== null && hi !== null) {
    for (let from = lo; from <= hi; from += IMPORT_SLICE_ROWS) {
      const slice = `p.action IS NOT NULL AND p.seq >= ${from} AND p.seq < ${from + IMPORT_SLICE_ROWS}`;
      // Ids are chosen in the plan (the stored id, or a new one), so revisions need no join back.
      const [r] = await rows<{ created: number; written: number }>(
        db,
        `WITH w AS (
           INSERT INTO indicator_values AS v (collaboration_id, id, indicator_id, partner_id, period, cell, activity_id, value, numerator, denominator,
                                              status, comment, return_reason, flagged, flag_reason, created_by, updated_by, via, submitted_at)
           SELECT '${cid}', p.value_id, p.indicator_id, '${imp.partnerId}', p.period, p.cell, p.activity_id, p.value, p.numerator, p.denominator,
                  ${status}, ${comment}, ${returnReason}, ${flagged}, ${flagReason}, $1::uuid, $1::uuid, 'import', ${submit ? 'now()' : 'NULL'}
             FROM ${OK} p WHERE ${slice} ORDER BY p.seq
           ON CONFLICT (collaboration_id, indicator_id, partner_id, period, cell, (COALESCE(activity_id, ${NIL})))
           DO UPDATE SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
                         status = EXCLUDED.status, comment = EXCLUDED.comment, return_reason = EXCLUDED.return_reason,
                         flagged = EXCLUDED.flagged, flag_reason = EXCLUDED.flag_reason, updated_by = EXCLUDED.updated_by,
                         via = EXCLUDED.via, version = v.version + 1, updated_at = now(),
                         submitted_at = CASE WHEN EXCLUDED.status = 'submitted' THEN now() ELSE v.submitted_at END
           RETURNING (xmax = 0) AS inserted)
         SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*)::int AS written FROM w`,
        [actor.userId],
      );
      await db.query(
        `INSERT INTO value_revisions (collaboration_id, value_id, version, action, before, after, reason, actor_id, via)
         SELECT '${cid}', p.value_id, coalesce(p.old_version, 0) + 1, p.action, CASE WHEN p.old_id IS NULL THEN NULL ELSE ${before} END, ${after}, NULL, $1::uuid, 'import'
           FROM ${OK} p WHERE ${slice} ORDER BY p.seq`,
        [actor.userId],
      );
      created += r!.created;
      written += r!.written;
      await onProgress?.(Math.round(total * 0.3 + Math.min(written, total) * 0.7), total);
    }
  }
  // The plan's ids hold only while no one else writes these values (the partner lock): check it.
  if (written !== planned || created !== fresh) throw new Error(`import ${imp.importId}: wrote ${written}/${created}, planned ${planned}/${fresh}`);

  // One outbox row per indicator × period whose rollups move (a value entering, leaving or changing in the counting set).
  const counts = (st: string) => `(${st} IN ${counting})`;
  await db.query(`
    INSERT INTO outbox (collaboration_id, kind, indicator_id, period, payload)
    SELECT '${cid}', 'values_changed', p.indicator_id, p.period, jsonb_build_object('partnerIds', jsonb_build_array('${imp.partnerId}'))
      FROM ${OK} p
     WHERE p.action IS NOT NULL
       AND ((p.old_id IS NOT NULL AND ${counts('p.old_status')}) IS DISTINCT FROM ${counts(status)}
            OR (p.old_id IS NOT NULL AND ${counts('p.old_status')} AND ${counts(status)}
                AND (p.value IS DISTINCT FROM p.old_value OR p.numerator IS DISTINCT FROM p.old_numerator OR p.denominator IS DISTINCT FROM p.old_denominator)))
     GROUP BY p.indicator_id, p.period`);
  const totals = { created, updated: written - created, unchanged: v.unchanged };
  await db.query(
    `INSERT INTO audit_events (collaboration_id, actor_id, action, entity, entity_id, outcome, ip, user_agent, request_id, before, after)
     VALUES ($1, $2, 'values.import', 'imports', $3, 'success', $4, $5, $6, NULL, $7)`,
    [cid, actor.userId, imp.importId, actor.ip, actor.userAgent, actor.requestId, JSON.stringify({ fileName: actor.fileName, via: 'import', ...totals })],
  );
  return { ...totals, rechecked };
}

/**
 * Drop an import's staging table and plan (after commit, or when the upload is abandoned or
 * invalid) and, unless kept for its download (an invalid import's full list), its errors.
 */
export async function dropStaging(db: { query: (sql: string) => Promise<unknown> }, importId: string, opts: { keepErrors?: boolean } = {}): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}, ${planTable(importId)}${opts.keepErrors ? '' : `, ${errorsTable(importId)}`}`);
}

/** Whether an import's staging table still exists (it is dropped after a day). */
export async function stagingExists(db: ClientBase, importId: string): Promise<boolean> {
  const [r] = await rows<{ t: string | null }>(db, `SELECT to_regclass($1) AS t`, [stagingTable(importId)]);
  return r?.t !== null && r?.t !== undefined;
}
