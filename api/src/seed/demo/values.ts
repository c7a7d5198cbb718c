import {
  isRatioType,
  monthsPer,
  normalizeDecimal,
  periodAtIndex,
  requirePeriod,
  toMonthIndex,
  type Granularity,
} from '@constellation/shared';
import { CURRENT_AGENDA_VERSION, AGENDA_VERSIONS } from './collaboration';
import { COMMITMENTS, DATA_ENTRY, REVIEWER } from './commitments';
import { demoId } from './ids';
import { DEMO_INDICATORS, type DemoIndicator } from './indicators';
import { prng, type Prng } from './prng';
import { VALUE_SHAPES, type ValueShape } from './value-shapes';

/**
 * Three years of demo values, generated from the indicators' baselines and targets, the shapes
 * in value-shapes.ts and a seeded PRNG: the same `now` gives the same rows, everywhere. Plain
 * computation (no database): ../insert/values.ts writes the result.
 */

export const FISCAL_YEAR_START_MONTH = AGENDA_VERSIONS.find(
  (v) => v.version === CURRENT_AGENDA_VERSION,
)!.fiscalYearStartMonth;
const FY = FISCAL_YEAR_START_MONTH;
const YEARS = 3;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export type DemoValueStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export const TOTAL = 'total';

export interface DemoValue {
  id: string;
  code: string;
  partner: string;
  period: string;
  cell: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  status: DemoValueStatus;
  comment: string;
  returnReason: string | null;
  flagged: boolean;
  flagReason: string | null;
  version: number;
  /** Key of the person who entered it (people.ts). */
  author: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  /** Key of the reviewer (people.ts) when approved or returned. */
  reviewer: string | null;
}

export interface DemoValueRevision {
  valueId: string;
  version: number;
  action: 'create' | 'update' | 'submit' | 'approve' | 'return';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  actor: string;
  createdAt: Date;
}

export interface DemoValues {
  values: DemoValue[];
  revisions: DemoValueRevision[];
  /** The periods each indicator covers, oldest first (its last complete three years). */
  periods: Record<string, string[]>;
  /** Reports a committed partner did not make. */
  missing: { code: string; partner: string; periods: string[] }[];
}

/** The partner that skipped two reports, and which (months before the last complete one). */
export const SKIPPED = { code: 'SERVE-01', partner: 'millbrook-youth', monthsBack: [5, 4] } as const;
/** The value the backbone returned (the latest quarter). */
export const RETURNED = { code: 'LIB-01', partner: 'riverside-libraries' } as const;

/** The last three years of complete periods of this granularity before `now`, oldest first. */
export function demoPeriods(now: Date, granularity: Granularity): string[] {
  const lastMonth = toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1) - 1;
  let last = periodAtIndex(lastMonth, granularity, FY);
  if (last.endIndex > lastMonth) last = periodAtIndex(last.startIndex - 1, granularity, FY);
  const step = monthsPer(granularity);
  const count = (YEARS * 12) / step;
  const keys: string[] = [];
  for (let k = count - 1; k >= 0; k--)
    keys.push(periodAtIndex(last.endIndex - k * step, granularity, FY).key);
  return keys;
}

function gaussian(r: Prng): number {
  const u = Math.max(r.next(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next());
}

/**
 * The network's level at each period on the target line (baseline → milestones → long-term,
 * placed at their periods' last months), moved `pace` of the way from the baseline. Flow
 * indicators (counts and amounts summed over time) are scaled to one native period.
 */
function levels(ind: DemoIndicator, periods: string[]): number[] {
  const flow = !isRatioType(ind.valueType) && ind.aggregationOverTime === 'sum';
  const perNative = (key: string, value: string) => {
    const p = requirePeriod(key, FY);
    const scale = flow ? monthsPer(p.granularity) / monthsPer(ind.periodicity) : 1;
    return { at: p.endIndex, value: Number(value) / scale };
  };
  const base = perNative(ind.baseline.period, ind.baseline.value);
  const anchors = [base, ...ind.targets.map((t) => perNative(t.period, t.value))].sort((a, b) => a.at - b.at);
  const line = (at: number): number => {
    if (at <= anchors[0]!.at) return anchors[0]!.value;
    for (let i = 1; i < anchors.length; i++) {
      const [a, b] = [anchors[i - 1]!, anchors[i]!];
      if (at <= b.at) return a.value + ((b.value - a.value) * (at - a.at)) / (b.at - a.at);
    }
    return anchors[anchors.length - 1]!.value;
  };
  // Flows and averages over time follow the target of the year they fall in, so that the year's
  // sum or average lands on that year's target; stocks follow the line month by month.
  const stepped = ind.aggregationOverTime !== 'last';
  return periods.map((key) => {
    const end = requirePeriod(key, FY).endIndex;
    const target = line(stepped ? periodAtIndex(end, 'year', FY).endIndex : end);
    return base.value + ind.placement.pace * (target - base.value);
  });
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const fmt = (x: number, decimals = 0) =>
  normalizeDecimal(
    decimals >= 0 ? x.toFixed(decimals) : String(Math.round(x / 10 ** -decimals) * 10 ** -decimals),
  );

/** Split a whole number into parts proportional to `weights` (largest remainder), summing exactly. */
function split(total: number, weights: number[], atLeastOne = false): number[] {
  const floor = atLeastOne ? 1 : 0;
  const rest = total - floor * weights.length;
  if (rest < 0) throw new Error(`cannot split ${total} into ${weights.length} non-empty parts`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (rest * w) / sum);
  const parts = raw.map((x) => Math.floor(x));
  let left = rest - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, f: x - Math.floor(x) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    parts[i]! += 1;
  }
  return parts.map((p) => p + floor);
}

function cellsOf(ind: DemoIndicator, categories: Readonly<Record<string, readonly string[]>>): string[] {
  let cells = [''];
  for (const dim of ind.dimensions) {
    const cats = categories[dim];
    if (!cats || cats.length === 0) throw new Error(`${ind.code}: no categories for ${dim}`);
    cells = cells.flatMap((prefix) => cats.map((c) => `${prefix}${prefix ? ';' : ''}${dim}=${c}`));
  }
  return cells;
}

interface Numbers {
  value: string | null;
  numerator: string | null;
  denominator: string | null;
}

/** A partner's numbers for one period: the total, and its cells when it reports a breakdown. */
function partnerNumbers(
  ind: DemoIndicator,
  shape: ValueShape,
  partner: string,
  level: number,
  offset: number,
  r: Prng,
  cellKeys: string[] | null,
  cellWeights: number[],
): { total: Numbers; cells: { cell: string; numbers: Numbers }[] } {
  const own = shape.partners[partner]!;
  const none = { value: null, numerator: null, denominator: null };
  if (isRatioType(ind.valueType)) {
    const percent = ind.valueType === 'percentage';
    const rate = (x: number) => (percent ? clamp(x, 0, 100) / 100 : Math.max(0, x));
    const partnerRate = level + offset + shape.noise * gaussian(r);
    const denominator = Math.max(1, Math.round(own * (1 + 0.04 * gaussian(r))));
    if (!cellKeys) {
      const numerator = Math.min(
        percent ? denominator : Infinity,
        Math.round(rate(partnerRate) * denominator),
      );
      return {
        total: { ...none, numerator: String(numerator), denominator: String(denominator) },
        cells: [],
      };
    }
    const dens = split(denominator, cellWeights, true);
    const cells = cellKeys.map((cell, i) => {
      const d = dens[i]!;
      const n = Math.min(
        percent ? d : Infinity,
        Math.round(rate(partnerRate + 2 * shape.noise * gaussian(r)) * d),
      );
      return { cell, numbers: { ...none, numerator: String(n), denominator: String(d) } };
    });
    const numerator = cells.reduce((a, c) => a + Number(c.numbers.numerator), 0);
    return { total: { ...none, numerator: String(numerator), denominator: String(denominator) }, cells };
  }
  const across = ind.aggregationAcrossPartners;
  const noisy = level * (1 + shape.noise * gaussian(r));
  const x = across === 'sum' ? noisy * own : noisy + own;
  const lo = ind.minValue != null ? Number(ind.minValue) : ind.valueType === 'count' ? 0 : -Infinity;
  const hi = ind.maxValue != null ? Number(ind.maxValue) : Infinity;
  if (ind.valueType !== 'count' || !cellKeys) {
    const decimals = ind.valueType === 'count' ? 0 : (shape.decimals ?? 1);
    return { total: { ...none, value: fmt(clamp(x, lo, hi), decimals) }, cells: [] };
  }
  const total = Math.max(0, Math.round(x));
  const parts = split(total, cellWeights);
  return {
    total: { ...none, value: String(total) },
    cells: cellKeys.map((cell, i) => ({ cell, numbers: { ...none, value: String(parts[i]) } })),
  };
}

/**
 * Where each partner's rate sits around the network's level (percentage and ratio indicators):
 * spread apart, but balanced so that the denominator-weighted mean is the level itself.
 */
function rateOffsets(code: string, shape: ValueShape): Record<string, number> {
  const partners = Object.keys(shape.partners);
  const raw = partners.map((p) => (demoHash(`${code}:${p}`) % 200) / 100 - 1);
  const weight = partners.map((p) => shape.partners[p]!);
  const total = weight.reduce((a, b) => a + b, 0);
  const mean = raw.reduce((a, x, i) => a + x * weight[i]!, 0) / total;
  return Object.fromEntries(partners.map((p, i) => [p, (shape.spread ?? 0) * (raw[i]! - mean)]));
}

function demoHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Timestamps of a value for a period: entered days after it ended, reviewed days later, never in the future. */
function timesFor(period: string, status: DemoValueStatus, now: Date, r: Prng) {
  const end = requirePeriod(period, FY).endIndex + 1;
  const firstOfNext = Date.UTC(Math.floor(end / 12), end % 12, 1);
  const latest = now.getTime() - 2 * HOUR;
  const at = (t: number) => new Date(Math.min(t, latest));
  const created = at(firstOfNext + r.int(2, 14) * DAY + r.int(8, 17) * HOUR + r.int(0, 59) * 60_000);
  const submitted =
    status === 'draft' ? null : at(created.getTime() + r.int(0, 3) * DAY + r.int(1, 6) * HOUR);
  const reviewed =
    status === 'approved' || status === 'returned'
      ? at(submitted!.getTime() + r.int(1, 9) * DAY + r.int(1, 5) * HOUR)
      : null;
  return { created, submitted, reviewed, updated: reviewed ?? submitted ?? created };
}

/** The revision snapshot, as the values api writes it (value-changes.ts). */
function snapshot(v: Pick<DemoValue, 'partner' | 'status' | 'comment' | 'returnReason'> & Numbers) {
  return {
    partnerId: demoId('partner', v.partner),
    value: v.value,
    numerator: v.numerator,
    denominator: v.denominator,
    status: v.status,
    comment: v.comment,
    ...(v.returnReason ? { returnReason: v.returnReason } : {}),
  };
}

export function valueId(code: string, partner: string, period: string, cell: string): string {
  return demoId('value', `${code}:${partner}:${period}:${cell}`);
}

export function buildDemoValues(now: Date): DemoValues {
  const values: DemoValue[] = [];
  const revisions: DemoValueRevision[] = [];
  const periodsOf: Record<string, string[]> = {};
  const missing: DemoValues['missing'] = [];
  const partnerOrder = Object.keys(COMMITMENTS);

  for (const ind of DEMO_INDICATORS) {
    const shape = VALUE_SHAPES[ind.code];
    if (!shape) throw new Error(`demo indicator ${ind.code} has no value shape`);
    const committed = partnerOrder.filter((p) => COMMITMENTS[p]!.includes(ind.code));
    const shaped = Object.keys(shape.partners);
    if (committed.length !== shaped.length || committed.some((p) => !shaped.includes(p)))
      throw new Error(`${ind.code}: value shape partners ${shaped} differ from commitments ${committed}`);
    const periods = demoPeriods(now, ind.periodicity);
    periodsOf[ind.code] = periods;
    const lv = levels(ind, periods);
    const latest = periods[periods.length - 1]!;
    const offsets = rateOffsets(ind.code, shape);

    for (const partner of committed) {
      const r = prng(`values:${ind.code}:${partner}`);
      const breaks = shape.breakdown?.partners.includes(partner) ?? false;
      const cellKeys = breaks ? cellsOf(ind, shape.breakdown!.categories[partner]!) : null;
      const baseWeights = (cellKeys ?? []).map(() => 0.5 + r.next());
      const skipped =
        ind.code === SKIPPED.code && partner === SKIPPED.partner
          ? SKIPPED.monthsBack.map((k) => periods[periods.length - 1 - k]!)
          : [];
      if (skipped.length > 0) missing.push({ code: ind.code, partner, periods: skipped });

      periods.forEach((period, i) => {
        if (skipped.includes(period)) return;
        // The latest month or quarter is still being reported: some partners have submitted
        // (awaiting review), others have only saved a draft. Yearly returns are all approved.
        let status: DemoValueStatus = 'approved';
        if (period === latest && ind.periodicity !== 'year')
          status = partnerOrder.indexOf(partner) % 2 === 0 ? 'submitted' : 'draft';
        const weights = baseWeights.map((w) => w * (0.9 + 0.2 * r.next()));
        const { total, cells } = partnerNumbers(
          ind,
          shape,
          partner,
          lv[i]!,
          offsets[partner]!,
          r,
          cellKeys,
          weights,
        );
        const t = timesFor(period, status, now, r);
        const base = {
          code: ind.code,
          partner,
          period,
          status,
          comment: '',
          returnReason: null,
          flagged: false,
          flagReason: null,
          version: 1,
          author: DATA_ENTRY[partner]!,
          createdAt: t.created,
          updatedAt: t.updated,
          submittedAt: t.submitted,
          reviewedAt: t.reviewed,
          reviewer: t.reviewed ? REVIEWER : null,
        };
        values.push({ ...base, id: valueId(ind.code, partner, period, TOTAL), cell: TOTAL, ...total });
        for (const c of cells)
          values.push({
            ...base,
            id: valueId(ind.code, partner, period, c.cell),
            cell: c.cell,
            ...c.numbers,
          });
      });
    }
  }

  const find = (code: string, partner: string, period: string) => {
    const v = values.find(
      (x) => x.code === code && x.partner === partner && x.period === period && x.cell === TOTAL,
    );
    if (!v) throw new Error(`no demo value ${code} ${partner} ${period}`);
    return v;
  };
  const at = (v: DemoValue, hours: number) =>
    new Date(Math.min(v.createdAt.getTime() + hours * HOUR, now.getTime() - HOUR));

  // Revised values: entered, corrected (before and after kept), then submitted and approved.
  const corrections: {
    code: string;
    partner: string;
    back: number;
    wrong: (v: DemoValue) => Numbers;
    reason: string;
  }[] = [
    {
      code: 'ATT-01',
      partner: 'northgate-primary',
      back: 3,
      wrong: (v) => ({
        value: null,
        numerator: v.numerator,
        denominator: String(Number(v.denominator) - 1900),
      }),
      reason: 'Possible sessions re-run after the INSET days were taken out of the register.',
    },
    {
      code: 'NEET-01',
      partner: 'riverside-council',
      back: 7,
      wrong: (v) => ({ value: String(Number(v.value) + 38), numerator: null, denominator: null }),
      reason: 'Removed 38 young people who had moved out of Riverside before the month end.',
    },
    {
      code: 'QUAL-01',
      partner: 'eastbank-early-years',
      back: 2,
      wrong: () => ({ value: '2.5', numerator: null, denominator: null }),
      reason: 'Entered the score of the old audit by mistake.',
    },
  ];
  for (const c of corrections) {
    const periods = periodsOf[c.code]!;
    const v = find(c.code, c.partner, periods[periods.length - 1 - c.back]!);
    const first = { ...v, ...c.wrong(v), status: 'draft' as const };
    const steps: Omit<DemoValueRevision, 'valueId' | 'version'>[] = [
      {
        action: 'create',
        before: null,
        after: snapshot(first),
        reason: null,
        actor: v.author,
        createdAt: v.createdAt,
      },
      {
        action: 'update',
        before: snapshot(first),
        after: snapshot({ ...v, status: 'draft' }),
        reason: c.reason,
        actor: v.author,
        createdAt: at(v, 20),
      },
      {
        action: 'submit',
        before: snapshot({ ...v, status: 'draft' }),
        after: snapshot({ ...v, status: 'submitted' }),
        reason: null,
        actor: v.author,
        createdAt: at(v, 21),
      },
      {
        action: 'approve',
        before: snapshot({ ...v, status: 'submitted' }),
        after: snapshot(v),
        reason: null,
        actor: REVIEWER,
        createdAt: at(v, 70),
      },
    ];
    steps.forEach((s, i) => revisions.push({ ...s, valueId: v.id, version: i + 1 }));
    v.version = steps.length;
    v.comment = c.reason;
    v.submittedAt = steps[2]!.createdAt;
    v.reviewedAt = steps[3]!.createdAt;
    v.updatedAt = v.reviewedAt;
  }

  // The returned value: far above the partner's own history, flagged on entry, returned with a reason.
  {
    const periods = periodsOf[RETURNED.code]!;
    const v = find(RETURNED.code, RETURNED.partner, periods[periods.length - 1]!);
    v.value = String(Number(v.value) + 1480);
    v.status = 'returned';
    v.flagged = true;
    v.flagReason = 'far above this partner’s previous values';
    v.returnReason =
      'This is about 1,500 more memberships than last quarter. Does it include adult tickets from the new ' +
      'joint catalogue? Please check and resubmit children’s memberships only.';
    const created = v.createdAt;
    v.submittedAt = at(v, 1);
    v.reviewedAt = at(v, 40);
    v.reviewer = REVIEWER;
    v.updatedAt = v.reviewedAt;
    const draft = { ...v, status: 'draft' as const, returnReason: null };
    const submitted = { ...v, status: 'submitted' as const, returnReason: null };
    revisions.push(
      {
        valueId: v.id,
        version: 1,
        action: 'create',
        before: null,
        after: snapshot(draft),
        reason: null,
        actor: v.author,
        createdAt: created,
      },
      {
        valueId: v.id,
        version: 2,
        action: 'submit',
        before: snapshot(draft),
        after: snapshot(submitted),
        reason: null,
        actor: v.author,
        createdAt: v.submittedAt,
      },
      {
        valueId: v.id,
        version: 3,
        action: 'return',
        before: snapshot(submitted),
        after: snapshot(v),
        reason: v.returnReason,
        actor: REVIEWER,
        createdAt: v.reviewedAt,
      },
    );
    v.version = 3;
  }

  return { values, revisions, periods: periodsOf, missing };
}
