import { z } from 'zod';
import { nonEmptyText, uuid } from './common';

/**
 * The updates feed (issue 6): posts by the backbone and partners, optionally tied to one goal,
 * indicator or activity, with attachments, reactions and pins. `audience` says who reads a post:
 * every member, or members and funders.
 */
export const UPDATE_AUDIENCES = ['members', 'members_and_funders'] as const;
export type UpdateAudience = (typeof UPDATE_AUDIENCES)[number];
export const UPDATE_AUDIENCE_LABELS: Record<UpdateAudience, string> = {
  members: 'Members only',
  members_and_funders: 'Members and funders',
};
export const MAX_UPDATE_LENGTH = 10_000;
/** Attachments on one post. */
export const MAX_UPDATE_ATTACHMENTS = 5;

/** The fixed set of reactions (stored by key; shown as the emoji). */
export const UPDATE_REACTIONS = ['thumbs_up', 'heart', 'tada', 'bulb', 'eyes'] as const;
export type UpdateReaction = (typeof UPDATE_REACTIONS)[number];
export const UPDATE_REACTION_EMOJI: Record<UpdateReaction, string> = {
  thumbs_up: '👍',
  heart: '❤️',
  tada: '🎉',
  bulb: '💡',
  eyes: '👀',
};
export const UPDATE_REACTION_LABELS: Record<UpdateReaction, string> = {
  thumbs_up: 'Thumbs up',
  heart: 'Heart',
  tada: 'Celebrate',
  bulb: 'Insightful',
  eyes: 'Watching',
};
export const updateReactionParam = z.enum(UPDATE_REACTIONS, {
  message: `must be one of ${UPDATE_REACTIONS.join(', ')}`,
});

/**
 * Attachments: an allowlist by extension; the api also checks the file's first bytes (magic
 * numbers) and stores the type below, never the one the client sent.
 */
export const ATTACHMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  csv: 'text/csv',
  txt: 'text/plain',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
export const ATTACHMENT_EXTENSIONS = Object.keys(ATTACHMENT_TYPES);
/** Default of ATTACHMENT_MAX_BYTES (the api's limit is configurable; the web app reads it from the answer of a 413). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** The lower-case extension of a file name ('' when none). */
export function fileExtension(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name.trim());
  return m ? m[1]!.toLowerCase() : '';
}

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const optionalId = z.preprocess(blankToUndefined, uuid.optional());

/**
 * POST …/updates: JSON, or multipart/form-data with these as fields and up to
 * MAX_UPDATE_ATTACHMENTS files in the field `attachments`. At most one of goalId, indicatorId,
 * activityId.
 */
export const createUpdateSchema = z
  .strictObject({
    body: nonEmptyText(MAX_UPDATE_LENGTH),
    audience: z
      .enum(UPDATE_AUDIENCES, { message: `must be one of ${UPDATE_AUDIENCES.join(', ')}` })
      .default('members'),
    goalId: optionalId,
    indicatorId: optionalId,
    activityId: optionalId,
  })
  .superRefine((v, ctx) => {
    const set = (['goalId', 'indicatorId', 'activityId'] as const).filter((k) => v[k]);
    if (set.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [set[1]!],
        message: `link the update to one goal, indicator or activity, not also a ${set[0]!.replace('Id', '')}`,
      });
    }
  });
export type CreateUpdateInput = z.infer<typeof createUpdateSchema>;

/** PATCH …/updates/:updateId (the author only). */
export const editUpdateSchema = z
  .strictObject({
    body: nonEmptyText(MAX_UPDATE_LENGTH).optional(),
    audience: z
      .enum(UPDATE_AUDIENCES, { message: `must be one of ${UPDATE_AUDIENCES.join(', ')}` })
      .optional(),
  })
  .refine((v) => v.body !== undefined || v.audience !== undefined, {
    message: 'change the body or the audience',
    path: ['body'],
  });
export type EditUpdateInput = z.infer<typeof editUpdateSchema>;

/** GET …/updates: pinned first, then newest first; `cursor` from the previous page's nextCursor. */
export const updatesQuerySchema = z.strictObject({
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{10,200}$/, { message: 'is not a cursor from a previous page' })
    .optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, { message: 'must be at least 1' })
    .max(50, { message: 'must be at most 50' })
    .default(20),
  goalId: optionalId,
  indicatorId: optionalId,
  activityId: optionalId,
});
export type UpdatesQuery = z.infer<typeof updatesQuerySchema>;

export type UpdateLinkType = 'goal' | 'indicator' | 'activity';

export interface UpdateAttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export interface UpdateView {
  id: string;
  body: string;
  audience: UpdateAudience;
  author: { id: string; name: string; organisationName: string | null };
  link: { type: UpdateLinkType; id: string; label: string } | null;
  pinned: boolean;
  pinnedAt: string | null;
  createdAt: string;
  editedAt: string | null;
  attachments: UpdateAttachmentView[];
  /** Every reaction of the fixed set, with its count and whether the caller gave it. */
  reactions: { reaction: UpdateReaction; count: number; mine: boolean }[];
  canEdit: boolean;
  canDelete: boolean;
}

export interface UpdatesPage {
  items: UpdateView[];
  nextCursor: string | null;
}
