import { z } from 'zod';
import { isoDate, nonEmptyText, optionalText } from './common';

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
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'may contain only lowercase letters, digits and single hyphens' });

/** IANA time zone, checked against the runtime's list. */
export const timeZone = z.string().refine(
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
  fiscalYearStartMonth: z.number().int().min(1, { message: 'must be a month number 1-12' }).max(12, { message: 'must be a month number 1-12' }),
  timeZone,
  requiresApproval: z.boolean(),
});
export type AgendaInput = z.infer<typeof agendaSchema>;

export const saveAgendaSchema = agendaSchema.extend({
  /** The version the editor started from; a stale one gets 409. */
  baseVersion: z.number().int().min(1),
  /** Why it changed (kept in the version history). */
  changeNote: optionalText(500).default(''),
});
export type SaveAgendaInput = z.infer<typeof saveAgendaSchema>;

export const strategyInputSchema = z.strictObject({
  name: nonEmptyText(200),
  description: optionalText(2000).default(''),
});
export type StrategyInput = z.infer<typeof strategyInputSchema>;

export const goalInputSchema = z.strictObject({
  title: nonEmptyText(300),
  description: optionalText(4000).default(''),
  targetDate: isoDate,
});
export type GoalInput = z.infer<typeof goalInputSchema>;
export const goalUpdateSchema = goalInputSchema.partial();

export const goalWithStrategiesSchema = goalInputSchema.extend({
  strategies: z.array(strategyInputSchema).max(30).default([]),
});

export const createCollaborationSchema = z.strictObject({
  name: nonEmptyText(200),
  slug: slug.optional(),
  /** The backbone organisation: the creator's organisation. */
  backboneOrganisationName: nonEmptyText(200),
  agenda: agendaSchema,
  goals: z.array(goalWithStrategiesSchema).max(30).default([]),
});
export type CreateCollaborationInput = z.infer<typeof createCollaborationSchema>;

export const updateCollaborationSchema = z
  .strictObject({
    name: nonEmptyText(200),
    slug,
  })
  .partial();
export type UpdateCollaborationInput = z.infer<typeof updateCollaborationSchema>;
