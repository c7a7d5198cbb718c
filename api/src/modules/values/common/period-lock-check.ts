import { parsePeriodKey, periodLabel } from '@constellation/shared';

/**
 * Which lock (if any) closes a value's native period: a lock on the period itself or on any
 * coarser period that contains it (a closed year closes its quarters and months). Periods are
 * compared on the month line, so fiscal and calendar keys mix correctly.
 */
export class PeriodLockCheck {
  private readonly spans: Array<{ key: string; start: number; end: number }>;

  constructor(
    lockedPeriods: readonly string[],
    private readonly fiscalYearStartMonth: number,
  ) {
    this.spans = [];
    for (const key of lockedPeriods) {
      const parsed = parsePeriodKey(key, fiscalYearStartMonth);
      if (parsed.ok) this.spans.push({ key: parsed.period.key, start: parsed.period.startIndex, end: parsed.period.endIndex });
    }
  }

  /** The sentence for a closed period ("Q1 2026 is closed; ask the backbone to reopen it"), or null. */
  closed(period: string): string | null {
    const parsed = parsePeriodKey(period, this.fiscalYearStartMonth);
    if (!parsed.ok) return null;
    const { startIndex, endIndex } = parsed.period;
    const lock = this.spans.find((s) => s.start <= startIndex && endIndex <= s.end);
    return lock ? `${periodLabel(lock.key, this.fiscalYearStartMonth)} is closed; ask the backbone to reopen it` : null;
  }
}
