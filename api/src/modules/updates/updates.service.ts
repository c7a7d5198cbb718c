import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CreateUpdateInput,
  createUpdateSchema,
  type EditUpdateInput,
  roleHas,
  UPDATE_REACTIONS,
  type UpdateLinkType,
  type UpdateReaction,
  type UpdatesPage,
  type UpdatesQuery,
  type UpdateView,
  zodDetails,
} from '@constellation/shared';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, badRequest, forbidden, notFound, ValidationFailed } from '../../common/errors';
import {
  type CollaborationMember,
  type RequestContext,
  requireMember,
  requireUser,
} from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../collaborations/common/db-errors';
import { ATTACHMENT_STORE, type AttachmentStore } from './attachment-store';
import type { ReceivedFile } from './upload';
import { type AttachmentRow, UpdatesRepository, type UpdateRow } from './updates.repository';

const NOT_FOUND = 'Update not found';
const LINK_FIELDS: [keyof CreateUpdateInput & string, UpdateLinkType][] = [
  ['goalId', 'goal'],
  ['indicatorId', 'indicator'],
  ['activityId', 'activity'],
];

/** Funders read only the posts marked for them; every other member reads every post. */
const fundersOnly = (member: CollaborationMember) => member.role === 'funder';

export function encodeCursor(row: Pick<UpdateRow, 'pinned' | 'sortAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.pinned ? 1 : 0, row.sortAt, row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { pinned: boolean; sortAt: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      (v[0] === 0 || v[0] === 1) &&
      typeof v[1] === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v[1]) &&
      typeof v[2] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(v[2])
    ) {
      return { pinned: v[0] === 1, sortAt: v[1], id: v[2] };
    }
  } catch {
    // falls through to the 400
  }
  throw new ValidationFailed([{ path: 'query.cursor', message: 'is not a cursor from a previous page' }]);
}

/**
 * The updates feed: posts by the backbone and partners (funders read the ones marked for them;
 * any other post is a 404 to them), with attachments in the AttachmentStore, reactions and pins.
 * A post and its attachments are written together: the files are stored first, then the rows in
 * one transaction with the audit event; if anything fails the stored files are removed again.
 */
@Injectable()
export class UpdatesService {
  private readonly log = new Logger(UpdatesService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: UpdatesRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {}

  async feed(ctx: RequestContext, q: UpdatesQuery): Promise<UpdatesPage> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const rows = await this.repo.feed(this.repo.manager, member.collaborationId, user.id, {
      fundersOnly: fundersOnly(member),
      goalId: q.goalId,
      indicatorId: q.indicatorId,
      activityId: q.activityId,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((r) => this.toView(member, user.id, r)),
      nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null,
    };
  }

  async get(ctx: RequestContext, id: string): Promise<UpdateView> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    return this.toView(member, user.id, await this.visible(this.repo.manager, member, user.id, id));
  }

  /** `fields` from JSON or the multipart form; `files` already received (size and type checked). */
  async create(ctx: RequestContext, fields: unknown, files: ReceivedFile[]): Promise<UpdateView> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    const parsed = createUpdateSchema.safeParse(fields ?? {});
    if (!parsed.success) throw new ValidationFailed(zodDetails(parsed.error));
    const input = parsed.data;
    const id = randomUUID();
    const stored: AttachmentRow[] = [];
    try {
      for (const f of files) {
        const attachmentId = randomUUID();
        const a: AttachmentRow = {
          id: attachmentId,
          updateId: id,
          fileName: f.fileName,
          contentType: f.contentType,
          sizeBytes: f.sizeBytes,
          storageKey: `${cid}/${id}/${attachmentId}`,
        };
        await this.store.put(a.storageKey, createReadStream(f.path), {
          contentType: f.contentType,
          sizeBytes: f.sizeBytes,
        });
        stored.push(a);
      }
      await this.ds.transaction(async (m) => {
        await this.writeLock.lock(m, cid);
        for (const [field, type] of LINK_FIELDS) {
          const linkId = input[field] as string | undefined;
          if (linkId && !(await this.repo.linkExists(m, cid, type, linkId))) {
            throw badRequest(`The ${type} to link is not in this collaboration`, [
              { path: field, message: `is not a ${type} of this collaboration` },
            ]);
          }
        }
        await this.repo.insert(m, cid, { id, authorId: user.id, ...input });
        for (const [i, a] of stored.entries()) await this.repo.insertAttachment(m, cid, id, i, a);
        await this.audit.record(
          ctx,
          {
            action: 'update.create',
            entity: 'update',
            entityId: id,
            before: null,
            after: {
              body: input.body,
              audience: input.audience,
              goalId: input.goalId ?? null,
              indicatorId: input.indicatorId ?? null,
              activityId: input.activityId ?? null,
              attachments: stored.map((a) => ({
                id: a.id,
                fileName: a.fileName,
                contentType: a.contentType,
                sizeBytes: a.sizeBytes,
              })),
            },
          },
          m,
        );
      });
    } catch (err) {
      await this.removeFiles(stored.map((a) => a.storageKey));
      if (err instanceof AppError || err instanceof ValidationFailed) throw err;
      translateDbError(err);
    }
    return this.get(ctx, id);
  }

  async edit(ctx: RequestContext, id: string, body: EditUpdateInput): Promise<UpdateView> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    await this.ds.transaction(async (m) => {
      await this.writeLock.lock(m, cid);
      const row = await this.repo.lock(m, cid, id);
      if (!row) throw notFound(NOT_FOUND);
      if (row.authorId !== user.id) throw forbidden('Only its author can edit an update');
      const next = { body: body.body ?? row.body, audience: body.audience ?? row.audience };
      await this.repo.edit(m, cid, id, next.body, next.audience);
      await this.audit.record(
        ctx,
        {
          action: 'update.edit',
          entity: 'update',
          entityId: id,
          before: { body: row.body, audience: row.audience },
          after: next,
        },
        m,
      );
    });
    return this.get(ctx, id);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    const keys = await this.ds.transaction(async (m) => {
      await this.writeLock.lock(m, cid);
      const row = await this.repo.lock(m, cid, id);
      if (!row) throw notFound(NOT_FOUND);
      if (row.authorId !== user.id && !roleHas(member.role, 'updates.manage'))
        throw forbidden('Only its author or the backbone can delete an update');
      const keys = await this.repo.delete(m, cid, id);
      await this.audit.record(
        ctx,
        {
          action: 'update.delete',
          entity: 'update',
          entityId: id,
          before: {
            authorId: row.authorId,
            body: row.body,
            audience: row.audience,
            attachments: keys.length,
          },
          after: null,
        },
        m,
      );
      return keys;
    });
    await this.removeFiles(keys);
  }

  async pin(ctx: RequestContext, id: string, pinned: boolean): Promise<UpdateView> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    await this.ds.transaction(async (m) => {
      await this.writeLock.lock(m, cid);
      const row = await this.repo.lock(m, cid, id);
      if (!row) throw notFound(NOT_FOUND);
      if (row.pinned === pinned) return;
      await this.repo.setPinned(m, cid, id, pinned ? user.id : null);
      await this.audit.record(
        ctx,
        {
          action: pinned ? 'update.pin' : 'update.unpin',
          entity: 'update',
          entityId: id,
          before: { pinned: row.pinned },
          after: { pinned },
        },
        m,
      );
    });
    return this.get(ctx, id);
  }

  /** Add or remove the caller's reaction; doing it twice changes nothing (and audits nothing). */
  async react(ctx: RequestContext, id: string, reaction: UpdateReaction, on: boolean): Promise<UpdateView> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    await this.ds.transaction(async (m) => {
      await this.writeLock.lock(m, cid);
      await this.visible(m, member, user.id, id);
      const changed = await this.repo.react(m, cid, id, user.id, reaction, on);
      if (changed) {
        await this.audit.record(
          ctx,
          {
            action: on ? 'update.react' : 'update.unreact',
            entity: 'update',
            entityId: id,
            before: null,
            after: { reaction },
          },
          m,
        );
      }
    });
    return this.get(ctx, id);
  }

  /** The attachment's bytes, for whoever may read its post (else 404). */
  async attachment(
    ctx: RequestContext,
    updateId: string,
    attachmentId: string,
  ): Promise<{ meta: AttachmentRow; stream: Readable }> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const m = this.repo.manager;
    await this.visible(m, member, user.id, updateId);
    const meta = await this.repo.attachment(m, member.collaborationId, updateId, attachmentId);
    if (!meta) throw notFound('Attachment not found');
    const stream = await this.store.get(meta.storageKey);
    if (!stream) throw new AppError(HttpStatus.NOT_FOUND, 'The attachment file is missing from the store');
    return { meta, stream };
  }

  /** The post if the member may read it; 404 whether or not it exists otherwise. */
  private async visible(
    m: EntityManager,
    member: CollaborationMember,
    userId: string,
    id: string,
  ): Promise<UpdateRow> {
    const row = await this.repo.one(m, member.collaborationId, userId, id);
    if (!row || (fundersOnly(member) && row.audience !== 'members_and_funders')) throw notFound(NOT_FOUND);
    return row;
  }

  private async removeFiles(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.store
        .delete(key)
        .catch((err: unknown) => this.log.warn(`Could not remove attachment ${key}: ${String(err)}`));
    }
  }

  private toView(member: CollaborationMember, userId: string, r: UpdateRow): UpdateView {
    const mine = r.authorId === userId && roleHas(member.role, 'updates.post');
    const counts = new Map(r.reactions.map((x) => [x.reaction, x]));
    return {
      id: r.id,
      body: r.body,
      audience: r.audience,
      author: { id: r.authorId, name: r.authorName, organisationName: r.organisationName },
      link: r.linkType && r.linkId ? { type: r.linkType, id: r.linkId, label: r.linkLabel ?? '' } : null,
      pinned: r.pinned,
      pinnedAt: r.pinnedAt,
      createdAt: r.createdAt,
      editedAt: r.editedAt,
      attachments: r.attachments.map((a) => ({
        id: a.id,
        fileName: a.fileName,
        contentType: a.contentType,
        sizeBytes: Number(a.sizeBytes),
      })),
      reactions: UPDATE_REACTIONS.map((reaction) => ({
        reaction,
        count: counts.get(reaction)?.count ?? 0,
        mine: counts.get(reaction)?.mine ?? false,
      })),
      canEdit: mine,
      canDelete: mine || roleHas(member.role, 'updates.manage'),
    };
  }
}
