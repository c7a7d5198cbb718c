/**
 * The answers of the dashboard read routes (what needs attention, the partner home, the reporting
 * completeness heatmap): one definition, used by the api that builds them and the web app that
 * reads them.
 */

export type ReportState = 'approved' | 'submitted' | 'returned' | 'missing' | 'due' | 'upcoming';

/** How many expected reports of a heatmap cell are in each state. */
export interface StateCounts {
  expected: number;
  approved: number;
  submitted: number;
  returned: number;
  missing: number;
  /** Due or upcoming: nothing sent yet, and not late. */
  notDue: number;
  /** Of the missing and not-due ones, how many have a draft saved. */
  draft: number;
}

/** A heatmap cell's state, from its counts: the one that most needs someone's attention first. */
export type CellState = 'approved' | 'submitted' | 'returned' | 'missing' | 'not_due' | 'not_expected';

export interface MatrixCell extends StateCounts {
  period: string;
  state: CellState;
}

export interface CompletenessMatrixView {
  indicatorId: string | null;
  granularity: 'month' | 'quarter' | 'year';
  from: string;
  to: string;
  today: string;
  dueRule: string;
  /** Who the answer was shaped for: the backbone sees every partner, a partner its own row, a funder the totals only. */
  audience: 'backbone' | 'partner' | 'funder';
  periods: { period: string; label: string }[];
  /** One row per active partner with a commitment in the selection (a partner: its own row only; funders: none). */
  partners: { partnerId: string; organisationName: string; cells: MatrixCell[] }[];
  /** Across every committed partner (not only the rows listed): counts only. */
  totals: (MatrixCell & { partnersExpected: number; partnersComplete: number })[];
  /** Committed partners not listed to this caller (their reports are in the totals). */
  partnersNotListed: number;
}

export interface ReportView {
  indicatorId: string;
  code: string;
  name: string;
  period: string;
  periodLabel: string;
  state: ReportState;
  dueDate: string;
  /** A draft is saved but not submitted. */
  draft: boolean;
  /** The period is closed by the backbone: values cannot be entered or changed any more. */
  closed: boolean;
}

export interface PartnerHomeView {
  partner: { id: string; organisationName: string };
  today: string;
  dueRule: string;
  requiresApproval: boolean;
  /** Reports whose period ends between these months (the last 12 months) are listed; plus the next one of each commitment. */
  window: { from: string; to: string };
  summary: {
    overdue: number;
    due: number;
    returned: number;
    awaitingReview: number;
    approved: number;
    upcoming: number;
  };
  /** What to do: returned, overdue (missing) and due reports, most urgent first. */
  todo: ReportView[];
  /** The next report of each commitment whose period has not ended yet. */
  upcoming: ReportView[];
  commitments: {
    indicator: {
      id: string;
      code: string;
      name: string;
      unit: string;
      periodicity: 'month' | 'quarter' | 'year';
    };
    startPeriod: string;
    endPeriod: string | null;
    reports: ReportView[];
  }[];
  /** My value beside the all-partner result, for the latest period of each committed indicator with results (precomputed rollups). */
  contributions: {
    indicator: {
      id: string;
      code: string;
      name: string;
      unit: string;
      valueType: string;
      aggregationAcross: string;
      periodicity: string;
    };
    period: string;
    periodLabel: string;
    mine: { value: string; numerator: string | null; denominator: string | null } | null;
    all: { value: string; numerator: string | null; denominator: string | null; partnerCount: number };
    /** mine / all, only where partners' values add up (sum of non-negative values); null otherwise. */
    share: number | null;
    computedAt: string;
  }[];
}

export interface AttentionView {
  /** Who the answer was shaped for: the backbone sees everything, a partner its own reports, a funder only indicators. */
  audience: 'backbone' | 'partner' | 'funder';
  /** Indicators whose headline (latest ended period with data, at the headline granularity) is off track or at risk (all-partner aggregates). */
  indicators: {
    indicatorId: string;
    code: string;
    name: string;
    unit: string;
    valueType: string;
    granularity: 'month' | 'quarter' | 'year';
    period: string;
    actual: string;
    target: string;
    status: 'at_risk' | 'off_track';
  }[];
  /** Reports a partner committed to whose period has ended without a submitted or approved value; null for funders. */
  overdueReports:
    | {
        partnerId: string;
        organisationName: string;
        indicatorId: string;
        code: string;
        name: string;
        period: string;
      }[]
    | null;
  /** Submitted values waiting for the backbone's review (a partner: its own); null for funders. */
  awaitingReview: { values: number; partners: number } | null;
  /** The window overdue reports were looked for in: month keys, inclusive. */
  window: { from: string; to: string };
}

/** Rollups, completeness, progress, trajectories and wins as the read routes answer them. */
export interface RollupView {
  indicatorId: string;
  granularity: 'month' | 'quarter' | 'year';
  period: string;
  cell: string;
  /** 'all', or the partner id of a per-partner row. */
  scope: string;
  organisationName: string | null;
  value: string;
  numerator: string | null;
  denominator: string | null;
  partnerCount: number;
  valueCount: number;
  computedAt: string;
}

export interface RollupsResponse {
  scope: 'all' | 'partners';
  items: RollupView[];
  /** The latest computation among the rows answered (null when there are none). */
  computedAt: string | null;
  /** Value changes not yet turned into rollup jobs (unprocessed outbox rows) for the indicators asked. */
  pendingChanges: number;
  valuesPending: boolean;
}

export interface CompletenessPeriod {
  period: string;
  partnersExpected: number;
  partnersReported: number;
  reportsExpected: number;
  reportsReceived: number;
}

export interface ProgressView {
  indicatorId: string;
  granularity: 'month' | 'quarter' | 'year';
  period: string;
  actual: string | null;
  baseline: string;
  target: string;
  longTermTarget: string;
  percentToLongTerm: number | null;
  ratio: number | null;
  status: 'on_track' | 'at_risk' | 'off_track' | 'no_data';
  computedAt: string;
}

export interface TrajectoryView {
  indicatorId: string;
  granularity: 'month' | 'quarter' | 'year';
  projectedPeriod: string | null;
  reached: boolean;
  slopePerMonth: number | null;
  computedAt: string;
}

export interface WinView {
  id: string;
  indicator: { id: string; code: string; name: string };
  kind: 'milestone' | 'long_term';
  milestonePeriod: string;
  milestoneValue: string;
  metPeriod: string;
  metValue: string;
  status: 'active' | 'withdrawn';
  firstMetAt: string;
  withdrawnAt: string | null;
  /**
   * The partners whose reports counted toward the total that met it: `count` of all of them;
   * `names` every one for the backbone, a partner's own organisation only for a partner, none for a funder.
   */
  contributors: { count: number; names: string[] };
}
