import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CommentSubject,
  type CommentThreadQuery,
  type CreateCommentInput,
  type MentionableQuery,
  mentionedUserIds,
  roleHas,
  type CommentView,
  type ThreadView,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { badRequest, forbidden, notFound } from '../../common/errors';
import { type CollaborationMember, type RequestContext, requireMember, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../collaborations/common/db-errors';
import { type CommentRow, CommentsRepository, type PersonRow, type SubjectRow } from './comments.repository';
import { type NotificationWrite, NotificationsRepository } from './notifications.repository';

export type { CommentView, ThreadView };



/** Where a subject's conversation is shown in the web app. */
export function subjectLink(cid: string, on: CommentSubject, id: string): string {
  if (on === 'value') return `/collaborations/${cid}/values/${id}`;
  if (on === 'decision') return `/collaborations/${cid}/decisions/${id}#comments`;
  return `/collaborations/${cid}/${on === 'indicator' ? 'indicators' : 'activities'}/${id}#comments`;
}

const SUBJECT_NOT_FOUND: Record<CommentSubject, string> = {
  indicator: 'Indicator not found',
  value: 'Value not found',
  activity: 'Activity not found',
  decision: 'Decision not found',
};

/** The start of a comment as plain text for a notification: mention tokens read as "@Name". */
export const excerpt = (body: string) => {
  const s = body.replace(/\[@([^\]]*)\]\(mention:[0-9a-fA-F-]{36}\)/g, '@$1');
  return s.length > 200 ? s.slice(0, 199) + '…' : s;
};

/**
 * Conversations on an indicator, a value or an activity. Whoever may see the subject may read and
 * join its thread: every member for indicators and activities; for a value, its organisation's
 * people and the backbone (funders and other partners get 404, as if it did not exist). Mentions
 * notify only members who may see the subject; anyone else is dropped without a trace, so the
 * answer never tells whether such a person exists.
 */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: CommentsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async thread(ctx: RequestContext, q: CommentThreadQuery): Promise<ThreadView> {
    const member = requireMember(ctx);
    const m = this.repo.manager;
    const subject = await this.visibleSubject(m, member, q.on, q.id);
    return this.view(m, member.collaborationId, q.on, subject);
  }

  async mentionable(ctx: RequestContext, q: MentionableQuery): Promise<{ items: PersonRow[] }> {
    const member = requireMember(ctx);
    const m = this.repo.manager;
    const subject = await this.visibleSubject(m, member, q.on, q.id);
    return { items: await this.repo.mentionable(m, member.collaborationId, q.on, subject.partnerId, q.q) };
  }

  async create(ctx: RequestContext, body: CreateCommentInput): Promise<CommentView> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    const sink: NotificationWrite[] = [];
    let view: CommentView;
    try {
      view = await this.ds.transaction(async (m) => {
        await this.writeLock.lock(m, cid);
        const subject = await this.visibleSubject(m, member, body.on, body.id);
        // A decision's discussion is for those who may take part in it; funders read it.
        if (body.on === 'decision' && !roleHas(member.role, 'decisions.discuss')) throw forbidden('Funders read the discussion of a decision but do not take part in it');
        let parentId: string | null = null;
        if (body.parentId) {
          const parent = await this.repo.threadComment(m, cid, body.on, body.id, body.parentId);
          if (!parent) throw badRequest('The comment you answer is not in this conversation', [{ path: 'parentId', message: 'is not a comment on this thread' }]);
          parentId = parent.parentId ?? parent.id;
        }
        const id = await this.repo.insert(m, cid, { on: body.on, subjectId: body.id, parentId, authorId: user.id, kind: 'comment', body: body.body });
        const mentioned = await this.repo.visibleMembers(m, cid, body.on, subject.partnerId, mentionedUserIds(body.body));
        await this.repo.insertMentions(m, cid, id, mentioned.map((p) => p.userId));
        sink.push(
          ...mentioned
            .filter((p) => p.userId !== user.id)
            .map((p) => ({
              userId: p.userId,
              collaborationId: cid,
              kind: 'mention' as const,
              actorId: user.id,
              title: `${user.name} mentioned you on ${subject.label}`,
              body: excerpt(body.body),
              link: subjectLink(cid, body.on, body.id),
            })),
        );
        await this.notifications.insert(m, sink);
        await this.audit.record(
          ctx,
          {
            action: 'comment.create',
            entity: 'comment',
            entityId: id,
            before: null,
            after: { on: body.on, subjectId: body.id, parentId, body: body.body, mentions: mentioned.map((p) => p.userId) },
          },
          m,
        );
        const rows = await this.repo.thread(m, cid, body.on, body.id);
        return toView(rows.find((r) => r.id === id)!);
      });
    } catch (err) {
      translateDbError(err);
    }
    return view;
  }

  /**
   * Called by the review workflow inside its transaction: a returned value's reason opens (or
   * continues) the value's thread, and its organisation's people are told it was returned or
   * approved (one notification per person per review, not one per value). The notifications are
   * added to `sink` (the caller's transaction writes them; the worker's relay emails them).
   */
  async valuesReviewed(
    m: EntityManager,
    ctx: RequestContext,
    cid: string,
    decision: 'approve' | 'return',
    reason: string | null,
    values: { id: string; partnerId: string }[],
    sink: NotificationWrite[],
  ): Promise<void> {
    const user = requireUser(ctx);
    if (values.length === 0) return;
    if (decision === 'return' && reason) {
      for (const v of values) await this.repo.insert(m, cid, { on: 'value', subjectId: v.id, parentId: null, authorId: user.id, kind: 'return_reason', body: reason });
    }
    const byPartner = new Map<string, string[]>();
    for (const v of values) byPartner.set(v.partnerId, [...(byPartner.get(v.partnerId) ?? []), v.id]);
    for (const [partnerId, ids] of byPartner) {
      const one = ids.length === 1 ? await this.repo.subject(m, cid, 'value', ids[0]!) : null;
      const what = one ? one.label : `${ids.length} values`;
      const title = decision === 'return' ? `${user.name} returned ${what}` : `${user.name} approved ${what}`;
      const link = one ? subjectLink(cid, 'value', ids[0]!) : `/collaborations/${cid}/report`;
      const readers = await this.repo.valueReaders(m, cid, partnerId);
      const rows: NotificationWrite[] = readers
          .filter((r) => r.userId !== user.id)
          .map((r) => ({
            userId: r.userId,
            collaborationId: cid,
            kind: decision === 'return' ? ('value_returned' as const) : ('value_approved' as const),
            actorId: user.id,
            title,
            body: decision === 'return' && reason ? excerpt(reason) : '',
            link,
          }));
      await this.notifications.insert(m, rows);
      sink.push(...rows);
    }
  }

  /** The subject if the member may see it; otherwise 404 whether or not it exists. */
  private async visibleSubject(m: EntityManager, member: CollaborationMember, on: CommentSubject, id: string): Promise<SubjectRow> {
    const subject = await this.repo.subject(m, member.collaborationId, on, id);
    if (!subject) throw notFound(SUBJECT_NOT_FOUND[on]);
    if (on === 'value') {
      const own = subject.partnerId === member.partnerId && roleHas(member.role, 'values.read');
      if (!own && !roleHas(member.role, 'values.review')) throw notFound(SUBJECT_NOT_FOUND[on]);
    }
    return subject;
  }

  private async view(m: EntityManager, cid: string, on: CommentSubject, subject: SubjectRow): Promise<ThreadView> {
    const rows = await this.repo.thread(m, cid, on, subject.id);
    const top = rows.filter((r) => !r.parentId).map(toView);
    const byId = new Map(top.map((c) => [c.id, c]));
    for (const r of rows) if (r.parentId) byId.get(r.parentId)?.replies.push(toView(r));
    return { subject: { on, id: subject.id, label: subject.label, link: subjectLink(cid, on, subject.id) }, comments: top };
  }
}

function toView(r: CommentRow): CommentView {
  return {
    id: r.id,
    parentId: r.parentId,
    kind: r.kind,
    body: r.body,
    author: { id: r.authorId, name: r.authorName },
    createdAt: r.createdAt,
    mentions: r.mentions,
    replies: [],
  };
}
