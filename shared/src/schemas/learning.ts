import { z } from 'zod';
import { nonEmptyText, optionalText, uuid } from './common';
import { indicatorFieldsSchema, periodKeyText } from './indicator';

const indicatorFields = indicatorFieldsSchema.shape;

/* ---------------------------------------------------------------------------------------------
 * Learning log (issue 6): "what we tried, what we learned, what we will change", tied to one or
 * more indicators and a period (or a range of periods) of the collaboration's fiscal year.
 * ------------------------------------------------------------------------------------------- */

export const MAX_LEARNING_TEXT = 5000;
export const MAX_LEARNING_INDICATORS = 20;

const indicatorIds = z
  .array(uuid, { message: 'must be a list of indicator ids' })
  .min(1, { message: 'link at least one indicator' })
  .max(MAX_LEARNING_INDICATORS, { message: `at most ${MAX_LEARNING_INDICATORS} indicators` })
  .refine((ids) => new Set(ids.map((i) => i.toLowerCase())).size === ids.length, { message: 'must not repeat an indicator' });

/**
 * POST …/learning. The three texts are the comments' small markdown subset. `period` is a period
 * key of the collaboration's fiscal year (2026-03, 2026-Q1, 2026); `periodTo` (optional) ends a
 * range. `shareWithFunders` (default true): funders read the entry and it is in the funder report.
 */
export const learningEntryCreateSchema = z.strictObject({
  title: nonEmptyText(200),
  tried: optionalText(MAX_LEARNING_TEXT).default(''),
  learned: nonEmptyText(MAX_LEARNING_TEXT),
  willChange: optionalText(MAX_LEARNING_TEXT).default(''),
  indicatorIds,
  period: periodKeyText,
  periodTo: periodKeyText.nullable().default(null),
  shareWithFunders: z.boolean({ message: 'must be true or false' }).default(true),
});
export type LearningEntryCreateInput = z.infer<typeof learningEntryCreateSchema>;

/** PATCH …/learning/:entryId: any of the fields. */
export const learningEntryUpdateSchema = z.strictObject({
  title: nonEmptyText(200).optional(),
  tried: optionalText(MAX_LEARNING_TEXT).optional(),
  learned: nonEmptyText(MAX_LEARNING_TEXT).optional(),
  willChange: optionalText(MAX_LEARNING_TEXT).optional(),
  indicatorIds: indicatorIds.optional(),
  period: periodKeyText.optional(),
  periodTo: periodKeyText.nullable().optional(),
  shareWithFunders: z.boolean({ message: 'must be true or false' }).optional(),
});
export type LearningEntryUpdateInput = z.infer<typeof learningEntryUpdateSchema>;

/** GET …/learning?indicatorId=… */
export const learningListQuerySchema = z.strictObject({ indicatorId: uuid.optional() });
export type LearningListQuery = z.infer<typeof learningListQuerySchema>;

export interface LearningEntryView {
  id: string;
  title: string;
  tried: string;
  learned: string;
  willChange: string;
  period: string;
  periodTo: string | null;
  shareWithFunders: boolean;
  indicators: { id: string; code: string; name: string }[];
  author: { id: string; name: string; organisationName: string };
  createdAt: string;
  updatedAt: string;
  /** The caller may edit or delete it (its author, or the backbone). */
  canEdit: boolean;
}

/* ---------------------------------------------------------------------------------------------
 * Shared decisions: a proposal with ONE structured change, discussed (support / object with a
 * reason / comments) and decided by the backbone; an accepted change is applied with a link back.
 * ------------------------------------------------------------------------------------------- */

export const DECISION_KINDS = ['targets', 'definition', 'agenda'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const DECISION_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];
export const STANCES = ['support', 'object'] as const;
export type Stance = (typeof STANCES)[number];

/** The definition fields a decision may change: none of them changes what stored values mean. */
export const DECISION_DEFINITION_FIELDS = ['code', 'name', 'definition', 'unit', 'direction', 'dataSource'] as const;

const targetsChange = z.strictObject({
  kind: z.literal('targets'),
  indicatorId: uuid,
  /** The indicator's whole target list as proposed (rows added, changed or removed against today's). */
  targets: indicatorFields.targets,
});
const definitionChange = z.strictObject({
  kind: z.literal('definition'),
  indicatorId: uuid,
  fields: z
    .strictObject({
      code: indicatorFields.code.optional(),
      name: indicatorFields.name.optional(),
      definition: indicatorFields.definition.optional(),
      unit: indicatorFields.unit.optional(),
      direction: indicatorFields.direction.optional(),
      dataSource: optionalText(1000).optional(),
    })
    .refine((f) => Object.values(f).some((v) => v !== undefined), { message: 'name at least one field to change' }),
});
const agendaChange = z.strictObject({
  kind: z.literal('agenda'),
  problemStatement: nonEmptyText(5000),
  vision: nonEmptyText(2000),
  principles: z.array(nonEmptyText(300)).max(30, { message: 'at most 30 principles' }).default([]),
  geography: optionalText(300).default(''),
});
export const decisionChangeSchema = z.discriminatedUnion('kind', [targetsChange, definitionChange, agendaChange], {
  message: `kind must be one of ${DECISION_KINDS.join(', ')}`,
});
export type DecisionChange = z.infer<typeof decisionChangeSchema>;

/** POST …/decisions */
export const decisionCreateSchema = z.strictObject({
  title: nonEmptyText(200),
  rationale: nonEmptyText(5000),
  change: decisionChangeSchema,
});
export type DecisionCreateInput = z.infer<typeof decisionCreateSchema>;

/** PUT …/decisions/:decisionId/stance: an objection needs a reason. */
export const decisionStanceSchema = z
  .strictObject({
    stance: z.enum(STANCES, { message: `must be one of ${STANCES.join(', ')}` }),
    reason: optionalText(2000).default(''),
  })
  .superRefine((s, ctx) => {
    if (s.stance === 'object' && s.reason.length === 0) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required when you object' });
  });
export type DecisionStanceInput = z.infer<typeof decisionStanceSchema>;

/** POST …/decisions/:decisionId/decide */
export const decisionDecideSchema = z.strictObject({
  outcome: z.enum(['accepted', 'rejected'], { message: 'must be accepted or rejected' }),
  rationale: nonEmptyText(5000),
});
export type DecisionDecideInput = z.infer<typeof decisionDecideSchema>;

export const decisionListQuerySchema = z.strictObject({
  status: z.enum(DECISION_STATUSES, { message: `must be one of ${DECISION_STATUSES.join(', ')}` }).optional(),
  indicatorId: uuid.optional(),
});
export type DecisionListQuery = z.infer<typeof decisionListQuerySchema>;

export interface DecisionTargetRow {
  period: string;
  value: string;
  kind: 'milestone' | 'long_term';
}

/** Row by row, what a targets proposal does to the targets it was proposed against. */
export interface TargetDiffRow {
  period: string;
  kind: 'milestone' | 'long_term';
  before: string | null;
  after: string | null;
  change: 'added' | 'changed' | 'removed' | 'same';
}

export interface DecisionPerson {
  userId: string;
  name: string;
  organisationName: string;
}

export interface DecisionSummaryView {
  id: string;
  number: number;
  title: string;
  kind: DecisionKind;
  status: DecisionStatus;
  indicator: { id: string; code: string; name: string } | null;
  proposedBy: DecisionPerson;
  createdAt: string;
  decidedAt: string | null;
  support: number;
  object: number;
}

export interface DecisionView extends DecisionSummaryView {
  rationale: string;
  change: DecisionChange;
  /** What the change was proposed against (the indicator's targets or fields, or the agenda). */
  base: Record<string, unknown>;
  /** The indicator / agenda version the proposal was opened on. */
  baseVersion: number;
  /** Open, and the indicator or agenda changed since it was opened: it cannot be accepted. */
  stale: boolean;
  targetDiff: TargetDiffRow[] | null;
  stances: (DecisionPerson & { stance: Stance; reason: string; updatedAt: string })[];
  decidedBy: DecisionPerson | null;
  decisionRationale: string | null;
  /** The indicator or agenda version the accepted change made. */
  appliedVersion: number | null;
}

/** Compare the proposed target list with the one it was proposed against. */
export function diffTargets(before: DecisionTargetRow[], after: DecisionTargetRow[]): TargetDiffRow[] {
  const key = (t: DecisionTargetRow) => `${t.kind}|${t.period}`;
  const b = new Map(before.map((t) => [key(t), t]));
  const a = new Map(after.map((t) => [key(t), t]));
  const out: TargetDiffRow[] = [];
  for (const t of after) {
    const old = b.get(key(t));
    out.push({
      period: t.period,
      kind: t.kind,
      before: old?.value ?? null,
      after: t.value,
      change: !old ? 'added' : Number(old.value) === Number(t.value) ? 'same' : 'changed',
    });
  }
  for (const t of before) if (!a.has(key(t))) out.push({ period: t.period, kind: t.kind, before: t.value, after: null, change: 'removed' });
  return out;
}
