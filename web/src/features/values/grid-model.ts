import { isRatioType, validateValue, type IndicatorView, type ValueView } from '@constellation/shared';

/** The dimensions an indicator is broken down by, as the grid needs them. */
type GridIndicator = Pick<IndicatorView, 'valueType' | 'dimensions'>;

/**
 * One grid cell's identity: indicator, period, disaggregation cell ('total' or 'age=0-4;area=north')
 * and the activity the value is attributed to ('' for none).
 */
export const keyOf = (indicatorId: string, period: string, cellKey: string, activityId?: string | null) =>
  `${indicatorId}|${period}|${cellKey}|${activityId ?? ''}`;

/** The parts of a keyOf key. */
export function partsOf(key: string): { indicatorId: string; period: string; cellKey: string; activityId: string | null } {
  const [indicatorId = '', period = '', cellKey = '', activityId = ''] = key.split('|');
  return { indicatorId, period, cellKey, activityId: activityId || null };
}

/** Every combination of the indicator's categories, in its dimension order, keyed as the api stores cells. */
export function breakdownCells(indicator: GridIndicator): { cellKey: string; cell: Record<string, string>; label: string }[] {
  if (indicator.dimensions.length === 0) return [];
  let combos: [string, string, string][][] = [[]];
  for (const d of indicator.dimensions) {
    combos = combos.flatMap((parts) => d.categories.map((cat) => [...parts, [d.key, cat.key, cat.name] as [string, string, string]]));
  }
  return combos.map((parts) => ({
    cellKey: parts.map(([d, k]) => `${d}=${k}`).join(';'),
    cell: Object.fromEntries(parts.map(([d, k]) => [d, k])),
    label: parts.map(([, , n]) => n).join(' · '),
  }));
}

/** One row of the grid: an indicator's total, one of its breakdown cells, or either for one of the partner's activities. */
export interface GridRow<I extends GridIndicator = GridIndicator> {
  indicator: I;
  cellKey: string;
  cell: 'total' | Record<string, string>;
  label: string;
  breakdown: boolean;
  /** The activity the row's values are attributed to. */
  activity?: { id: string; name: string };
}

/**
 * An indicator's rows: its total; its breakdown cells when `breakdown` is open; and when
 * `activities` are given, each activity's total followed (breakdown open) by its cells.
 */
export function gridRows<I extends GridIndicator>(indicator: I, o: { breakdown: boolean; activities: Array<{ id: string; name: string }> | null }): GridRow<I>[] {
  const cells = o.breakdown ? breakdownCells(indicator) : [];
  return [
    { indicator, cellKey: 'total', cell: 'total', label: 'Total', breakdown: false },
    ...cells.map((b) => ({ indicator, ...b, breakdown: true })),
    ...(o.activities ?? []).flatMap((activity) => [
      { indicator, cellKey: 'total', cell: 'total' as const, label: activity.name, breakdown: true, activity },
      ...cells.map((b) => ({ indicator, ...b, label: `${activity.name} · ${b.label}`, breakdown: true, activity })),
    ]),
  ];
}

/** A stored value's cell as people read it: "Total", or its category keys ("0-4 · north"). */
export const cellLabel = (cell: string) => (cell === 'total' ? 'Total' : cell.split(';').map((p) => p.split('=')[1]).join(' · '));

/** A stored value as the grid shows it: the number, or numerator/denominator for percentages and ratios. */
export function storedText(v: Pick<ValueView, 'value' | 'numerator' | 'denominator'> | undefined, indicator: GridIndicator): string {
  if (!v) return '';
  if (isRatioType(indicator.valueType)) return v.numerator !== null && v.denominator !== null ? `${v.numerator}/${v.denominator}` : '';
  return v.value ?? '';
}

/**
 * What the person typed, as the value fields of a batch row, with the first problem found by the
 * shared `validateValue` (the api's own rules); percentages and ratios are typed as numerator/denominator.
 */
export function fieldsOf(
  text: string,
  indicator: GridIndicator,
): { fields: { value?: string; numerator?: string; denominator?: string }; error: string | null } {
  if (!isRatioType(indicator.valueType)) {
    const fields = { value: text };
    return { fields, error: validateValue(indicator.valueType, fields) };
  }
  const parts = text.split('/');
  if (parts.length !== 2) return { fields: {}, error: 'Enter numerator/denominator, for example 45/60' };
  const fields = { numerator: parts[0]!.trim(), denominator: parts[1]!.trim() };
  return { fields, error: validateValue(indicator.valueType, fields) };
}

/** A block pasted from a spreadsheet: rows of tab-separated cells, Windows or Unix line ends, one trailing newline ignored. */
export function parsePastedBlock(text: string): string[][] {
  const lines = text.replace(/\r/g, '').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split('\t').map((c) => c.trim()));
}
