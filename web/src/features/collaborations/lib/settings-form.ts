import { collaborationSettingsSchema, type CollaborationSettings, type ErrorDetail } from '@constellation/shared';
import { detailsToErrors, type FieldErrors, zodValidator } from '../../../lib/zod-form';

/**
 * The dashboard settings form: bands are edited as percentages (95 %), sent as ratios (0.95), and
 * validated with the same shared schema as the api; errors land on the percentage fields.
 */
export interface DashboardSettingsValues {
  showContributionsToFunders: boolean;
  /** NumberInput values: a number, or '' while empty. */
  onTrackPercent: number | string;
  atRiskPercent: number | string;
}

/** 0.95 → 95 (without floating-point noise such as 7.000000000000001). */
export const toPercent = (ratio: number): number => Number((ratio * 100).toFixed(4));

/** 95 → 0.95; an empty or non-numeric field → NaN (the schema answers "must be a number"). */
export const toRatio = (percent: number | string): number =>
  typeof percent === 'number' ? percent / 100 : percent.trim() === '' ? Number.NaN : Number(percent) / 100;

export const settingsToValues = (s: CollaborationSettings): DashboardSettingsValues => ({
  showContributionsToFunders: s.showContributionsToFunders,
  onTrackPercent: toPercent(s.statusBands.onTrack),
  atRiskPercent: toPercent(s.statusBands.atRisk),
});

export const valuesToSettings = (v: DashboardSettingsValues): CollaborationSettings => ({
  showContributionsToFunders: v.showContributionsToFunders,
  statusBands: { onTrack: toRatio(v.onTrackPercent), atRisk: toRatio(v.atRiskPercent) },
});

const FIELDS: Record<string, keyof DashboardSettingsValues> = {
  showContributionsToFunders: 'showContributionsToFunders',
  'statusBands.onTrack': 'onTrackPercent',
  'statusBands.atRisk': 'atRiskPercent',
};

/** The form field of an api or schema path, or null when it is not one of this form's. */
export const fieldOf = (path: string): keyof DashboardSettingsValues | null => FIELDS[path] ?? null;

function remap(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = fieldOf(path);
    if (field && !(field in out)) out[field] = message;
  }
  return out;
}

/** @mantine/form validate: the shared schema on the converted values. */
export const validateDashboardSettings = (values: DashboardSettingsValues): FieldErrors =>
  remap(zodValidator<DashboardSettingsValues, CollaborationSettings>(collaborationSettingsSchema, valuesToSettings)(values));

/** An api error's details on this form's fields (e.g. `statusBands.atRisk` → atRiskPercent). */
export const serverErrorsOf = (details: ErrorDetail[]): FieldErrors => detailsToErrors(details, fieldOf);
