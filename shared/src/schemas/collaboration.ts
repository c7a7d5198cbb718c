import { z } from 'zod';
import type { Permission, Role } from '../permissions';
import { nonEmptyText, optionalText } from './common';
import { statusBandsSchema } from './indicator';

export const COLLABORATION_FORMS = [
  'collective_impact',
  'network',
  'coalition',
  'mission_oriented',
  'partnership',
  'other',
] as const;
export const COLLABORATION_FORM_LABELS: Record<(typeof COLLABORATION_FORMS)[number], string> = {
  collective_impact: 'Collective impact',
  network: 'Network',
  coalition: 'Coalition',
  mission_oriented: 'Mission-oriented',
  partnership: 'Partnership',
  other: 'Other',
};

export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, { message: 'must be at least 3 characters' })
  .max(60, { message: 'must be at most 60 characters' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'may contain only lowercase letters, digits and single hyphens',
  });

/** IANA time zone, checked against the runtime's list (the api stores its canonical spelling). */
export const timeZone = z
  .string()
  .trim()
  .min(1, { message: 'must be a time zone such as Europe/London', abort: true })
  .max(100, { message: 'must be a time zone such as Europe/London', abort: true })
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be a time zone such as Europe/London' },
  );

/** The common agenda: each save makes a new version. */
export const agendaSchema = z.strictObject({
  problemStatement: nonEmptyText(5000),
  vision: nonEmptyText(2000),
  principles: z.array(nonEmptyText(300)).max(30, { message: 'at most 30 principles' }).default([]),
  geography: optionalText(300).default(''),
  form: z.enum(COLLABORATION_FORMS, { message: `must be one of ${COLLABORATION_FORMS.join(', ')}` }),
  fiscalYearStartMonth: z
    .number({ message: 'must be a month number 1-12' })
    .int({ message: 'must be a month number 1-12' })
    .min(1, { message: 'must be a month number 1-12' })
    .max(12, { message: 'must be a month number 1-12' }),
  timeZone,
  requiresApproval: z.boolean(),
});
export type AgendaInput = z.infer<typeof agendaSchema>;

export const saveAgendaSchema = agendaSchema.extend({
  /** The version the editor started from; a stale one gets 409. */
  baseVersion: z.number({ message: 'must be the version number you started from' }).int().min(1),
  /** Why it changed (kept in the version history). */
  changeNote: optionalText(500).default(''),
});
export type SaveAgendaInput = z.infer<typeof saveAgendaSchema>;

/** `:version` in …/agenda/versions/:version. */
export const agendaVersionParam = z.coerce
  .number({ message: 'must be a version number' })
  .int({ message: 'must be a version number' })
  .min(1, { message: 'must be a version number' })
  .max(2_147_483_647, { message: 'must be a version number' });

/** 0-based place among its siblings; moving an item renumbers the others. */
export const position = z
  .number()
  .int({ message: 'must be a whole number' })
  .min(0, { message: 'must be 0 or more' })
  .max(10_000, { message: 'must be at most 10000' });

export const strategyInputSchema = z.strictObject({
  name: nonEmptyText(200),
  description: optionalText(2000).default(''),
});
export type StrategyInput = z.infer<typeof strategyInputSchema>;
/** PATCH a strategy: any field, and optionally move it to another position within its goal. */
export const strategyUpdateSchema = z.strictObject({
  name: nonEmptyText(200).optional(),
  description: optionalText(2000).optional(),
  position: position.optional(),
});
export type StrategyUpdateInput = z.infer<typeof strategyUpdateSchema>;

/**
 * A goal's target date: YYYY-MM-DD, a real calendar date, within a range PostgreSQL stores and people
 * mean. Each check stops at its first failure, so a bad value gets one message.
 */
export const goalTargetDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2030-12-31', abort: true })
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s),
    {
      message: 'must be a real calendar date',
      abort: true,
    },
  )
  .refine((s) => s >= '1900-01-01' && s <= '2999-12-31', {
    message: 'must be a date between 1900-01-01 and 2999-12-31',
  });

export const goalInputSchema = z.strictObject({
  title: nonEmptyText(300),
  description: optionalText(4000).default(''),
  targetDate: goalTargetDate,
});
export type GoalInput = z.infer<typeof goalInputSchema>;
/** PATCH a goal: any field, and optionally move it to another position. */
export const goalUpdateSchema = z.strictObject({
  title: nonEmptyText(300).optional(),
  description: optionalText(4000).optional(),
  targetDate: goalTargetDate.optional(),
  position: position.optional(),
});
export type GoalUpdateInput = z.infer<typeof goalUpdateSchema>;

export const goalWithStrategiesSchema = goalInputSchema.extend({
  strategies: z.array(strategyInputSchema).max(30, { message: 'at most 30 strategies per goal' }).default([]),
});
export type GoalWithStrategiesInput = z.infer<typeof goalWithStrategiesSchema>;

export const createCollaborationSchema = z.strictObject({
  name: nonEmptyText(200),
  slug: slug.optional(),
  /** The backbone organisation: the creator's organisation. */
  backboneOrganisationName: nonEmptyText(200),
  agenda: agendaSchema,
  goals: z.array(goalWithStrategiesSchema).max(30, { message: 'at most 30 goals' }).default([]),
});
export type CreateCollaborationInput = z.infer<typeof createCollaborationSchema>;

/**
 * How a collaboration's dashboards behave (the backbone decides; PATCH with the name and slug):
 * - showContributionsToFunders: funders see per-partner rollups and "show the math" too
 *   (PRODUCT.md: funders see aggregates unless the collaboration opts in). Default off.
 * - statusBands: lower bounds of the progress ratio for on_track and at_risk (default 0.95 and
 *   0.80); a change makes the worker recompute every indicator's progress.
 */
export const collaborationSettingsSchema = z.strictObject({
  showContributionsToFunders: z.boolean({ message: 'must be true or false' }),
  statusBands: statusBandsSchema,
});
export type CollaborationSettings = z.infer<typeof collaborationSettingsSchema>;

export const updateCollaborationSchema = z
  .strictObject({
    name: nonEmptyText(200),
    slug,
    showContributionsToFunders: collaborationSettingsSchema.shape.showContributionsToFunders,
    statusBands: statusBandsSchema,
  })
  .partial();
export type UpdateCollaborationInput = z.infer<typeof updateCollaborationSchema>;

/* ---- Answers of the collaboration, agenda, goal and audit routes (JSON: dates as ISO strings). ---- */

export type CollaborationForm = (typeof COLLABORATION_FORMS)[number];
export type CollaborationStatus = 'active' | 'archived';

export interface AgendaVersionView {
  version: number;
  problemStatement: string;
  vision: string;
  principles: string[];
  geography: string;
  form: CollaborationForm;
  fiscalYearStartMonth: number;
  timeZone: string;
  requiresApproval: boolean;
  changeNote: string;
  author: { id: string; name: string };
  createdAt: string;
  /** The shared decision whose accepted change this version is (null for a direct save). */
  decision?: { id: string; number: number } | null;
}

/** An item of GET …/agenda/versions: which partners endorsed that version. */
export interface AgendaVersionListItem extends AgendaVersionView {
  endorsements: Array<{ partnerId: string; organisationName: string }>;
}

export interface StrategyView {
  id: string;
  goalId: string;
  name: string;
  description: string;
  position: number;
}

export interface GoalView {
  id: string;
  title: string;
  description: string;
  targetDate: string;
  position: number;
  strategies: StrategyView[];
}

export interface CollaborationSummary {
  id: string;
  name: string;
  slug: string;
  status: CollaborationStatus;
  vision: string;
  role: Role;
  partnerCount: number;
  goalCount: number;
}

export interface CollaborationDetail {
  id: string;
  name: string;
  slug: string;
  status: CollaborationStatus;
  /** Only for members who may manage partners. */
  joinCode?: string;
  backboneOrganisation: { id: string; name: string };
  agenda: AgendaVersionView;
  goals: GoalView[];
  myRole: Role;
  myPermissions: Permission[];
  myPartnerId: string;
  /** Dashboard settings (every member may read them: they say what a funder is shown). */
  settings: CollaborationSettings;
  createdAt: string;
  archivedAt: string | null;
}

export interface AuditEventView {
  id: string;
  createdAt: string;
  actor: { id: string; name: string; email: string } | null;
  action: string;
  entity: string;
  entityId: string | null;
  outcome: 'success' | 'denied';
  ip: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  items: AuditEventView[];
  total: number;
  page: number;
  pageSize: number;
}
