import { GRANULARITIES, periodKeyText, uuid } from '@constellation/shared';
import { z } from 'zod';
import type { CellState, ReportState, StateCounts } from './report-status';

/** Query of GET …/completeness/matrix (kept beside the route, as the rollups schemas are). */
export const completenessMatrixQuerySchema = z.strictObject({
  /** One indicator; omitted: every indicator partners have committed to. */
  indicatorId: uuid.optional(),
  granularity: z.enum(GRANULARITIES, { message: `must be one of ${GRANULARITIES.join(', ')}` }).optional(),
  from: periodKeyText.optional(),
  to: periodKeyText.optional(),
});
export type CompletenessMatrixQuery = z.infer<typeof completenessMatrixQuerySchema>;

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
  summary: { overdue: number; due: number; returned: number; awaitingReview: number; approved: number; upcoming: number };
  /** What to do: returned, overdue (missing) and due reports, most urgent first. */
  todo: ReportView[];
  /** The next report of each commitment whose period has not ended yet. */
  upcoming: ReportView[];
  commitments: {
    indicator: { id: string; code: string; name: string; unit: string; periodicity: 'month' | 'quarter' | 'year' };
    startPeriod: string;
    endPeriod: string | null;
    reports: ReportView[];
  }[];
  /** My value beside the all-partner result, for the latest period of each committed indicator with results (precomputed rollups). */
  contributions: {
    indicator: { id: string; code: string; name: string; unit: string; valueType: string; aggregationAcross: string; periodicity: string };
    period: string;
    periodLabel: string;
    mine: { value: string; numerator: string | null; denominator: string | null } | null;
    all: { value: string; numerator: string | null; denominator: string | null; partnerCount: number };
    /** mine / all, only where partners' values add up (sum of non-negative values); null otherwise. */
    share: number | null;
    computedAt: string;
  }[];
}
