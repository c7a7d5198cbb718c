import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CommentSubject, ROLES, roleHas } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { escapeLike, queryOne, queryRows } from '../collaborations/common/sql';

export interface SubjectRow {
  id: string;
  label: string;
  /** The organisation a value belongs to (null for indicators and activities). */
  partnerId: string | null;
}

export interface CommentRow {
  id: string;
  parentId: string | null;
  kind: 'comment' | 'return_reason';
  body: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  mentions: { userId: string; name: string }[];
}

export interface PersonRow {
  userId: string;
  name: string;
  organisationName: string;
}

/** Roles that see every partner's values (the backbone's reviewers). */
export const VALUE_REVIEWER_ROLES = ROLES.filter((r) => roleHas(r, 'values.review'));
/** Roles that see their own organisation's values. */
export const VALUE_READER_ROLES = ROLES.filter((r) => roleHas(r, 'values.read'));

const COLUMN: Record<CommentSubject, string> = { indicator: 'indicator_id', value: 'value_id', activity: 'activity_id', decision: 'decision_id' };
const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Who may see a subject, as SQL over `memberships mm` ($1 collaboration, $sub the value's partner or
 * NULL): everyone for indicators and activities; for a value, its organisation's readers and the
 * backbone's reviewers.
 */
function canSeeSql(on: CommentSubject, partnerParam: string): string {
  if (on !== 'value') return `(TRUE OR ${partnerParam}::uuid IS NULL)`;
  return `(mm.role = ANY('{${VALUE_REVIEWER_ROLES.join(',')}}'::text[])
           OR (mm.partner_id = ${partnerParam}::uuid AND mm.role = ANY('{${VALUE_READER_ROLES.join(',')}}'::text[])))`;
}

/** SQL for comment threads, mentions and the people who may be mentioned. Scoped by collaboration_id. */
@Injectable()
export class CommentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** The subject with a human label, or null when it is not in this collaboration. */
  subject(m: EntityManager, cid: string, on: CommentSubject, id: string): Promise<SubjectRow | null> {
    if (on === 'indicator') {
      return queryOne<SubjectRow>(m, `SELECT id, code || ' · ' || name AS label, NULL AS "partnerId" FROM indicators WHERE collaboration_id = $1 AND id = $2`, [cid, id]);
    }
    if (on === 'decision') {
      return queryOne<SubjectRow>(m, `SELECT id, 'Decision #' || number || ' · ' || title AS label, NULL AS "partnerId" FROM decisions WHERE collaboration_id = $1 AND id = $2`, [cid, id]);
    }
    if (on === 'activity') {
      return queryOne<SubjectRow>(
        m,
        `SELECT a.id, a.name || ' (' || o.name || ')' AS label, NULL AS "partnerId"
           FROM activities a JOIN partners p ON p.collaboration_id = a.collaboration_id AND p.id = a.partner_id
           JOIN organisations o ON o.id = p.organisation_id
          WHERE a.collaboration_id = $1 AND a.id = $2`,
        [cid, id],
      );
    }
    return queryOne<SubjectRow>(
      m,
      `SELECT v.id, i.code || ' · ' || i.name || ', ' || v.period || CASE WHEN v.cell = 'total' THEN '' ELSE ' (' || v.cell || ')' END
              || ' — ' || o.name AS label, v.partner_id AS "partnerId"
         FROM indicator_values v
         JOIN indicators i ON i.collaboration_id = v.collaboration_id AND i.id = v.indicator_id
         JOIN partners p ON p.collaboration_id = v.collaboration_id AND p.id = v.partner_id
         JOIN organisations o ON o.id = p.organisation_id
        WHERE v.collaboration_id = $1 AND v.id = $2`,
      [cid, id],
    );
  }

  thread(m: EntityManager, cid: string, on: CommentSubject, id: string): Promise<CommentRow[]> {
    return queryRows<CommentRow>(
      m,
      `SELECT c.id, c.parent_id AS "parentId", c.kind, c.body, c.author_id AS "authorId", u.name AS "authorName",
              ${ts('c.created_at')} AS "createdAt",
              COALESCE((SELECT json_agg(json_build_object('userId', mu.id, 'name', mu.name) ORDER BY mu.name)
                          FROM comment_mentions cm JOIN users mu ON mu.id = cm.user_id
                         WHERE cm.collaboration_id = c.collaboration_id AND cm.comment_id = c.id), '[]') AS mentions
         FROM comments c JOIN users u ON u.id = c.author_id
        WHERE c.collaboration_id = $1 AND c.${COLUMN[on]} = $2
        ORDER BY c.created_at, c.id`,
      [cid, id],
    );
  }

  /** A comment of this thread (to answer it): its id and its own parent. */
  threadComment(m: EntityManager, cid: string, on: CommentSubject, subjectId: string, commentId: string) {
    return queryOne<{ id: string; parentId: string | null }>(
      m,
      `SELECT id, parent_id AS "parentId" FROM comments WHERE collaboration_id = $1 AND ${COLUMN[on]} = $2 AND id = $3`,
      [cid, subjectId, commentId],
    );
  }

  async insert(
    m: EntityManager,
    cid: string,
    c: { on: CommentSubject; subjectId: string; parentId: string | null; authorId: string; kind: 'comment' | 'return_reason'; body: string },
  ): Promise<string> {
    const row = await queryOne<{ id: string }>(
      m,
      `INSERT INTO comments (collaboration_id, ${COLUMN[c.on]}, parent_id, author_id, kind, body)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [cid, c.subjectId, c.parentId, c.authorId, c.kind, c.body],
    );
    return row!.id;
  }

  async insertMentions(m: EntityManager, cid: string, commentId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await m.query(
      `INSERT INTO comment_mentions (collaboration_id, comment_id, user_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
      [cid, commentId, userIds],
    );
  }

  /** Of these user ids, the members of the collaboration who may see the subject (others are dropped silently). */
  visibleMembers(m: EntityManager, cid: string, on: CommentSubject, partnerId: string | null, userIds: string[]): Promise<PersonRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return queryRows<PersonRow>(
      m,
      `SELECT u.id AS "userId", u.name, o.name AS "organisationName"
         FROM memberships mm JOIN users u ON u.id = mm.user_id
         JOIN partners p ON p.collaboration_id = mm.collaboration_id AND p.id = mm.partner_id
         JOIN organisations o ON o.id = p.organisation_id
        WHERE mm.collaboration_id = $1 AND mm.user_id = ANY($2::uuid[]) AND ${canSeeSql(on, '$3')}
        ORDER BY u.name`,
      [cid, userIds, partnerId],
    );
  }

  /** People who may be mentioned on the subject, matching `q` (name or email start), at most 10. */
  mentionable(m: EntityManager, cid: string, on: CommentSubject, partnerId: string | null, q: string): Promise<PersonRow[]> {
    return queryRows<PersonRow>(
      m,
      `SELECT u.id AS "userId", u.name, o.name AS "organisationName"
         FROM memberships mm JOIN users u ON u.id = mm.user_id
         JOIN partners p ON p.collaboration_id = mm.collaboration_id AND p.id = mm.partner_id
         JOIN organisations o ON o.id = p.organisation_id
        WHERE mm.collaboration_id = $1 AND ${canSeeSql(on, '$2')}
          AND ($3 = '' OR u.name ILIKE '%' || $3 || '%' OR u.email ILIKE $3 || '%')
        ORDER BY lower(u.name), u.id
        LIMIT 10`,
      [cid, partnerId, escapeLike(q)],
    );
  }

  /** The people of an organisation who read its values (to tell them a value was returned or approved). */
  valueReaders(m: EntityManager, cid: string, partnerId: string): Promise<{ userId: string }[]> {
    return queryRows<{ userId: string }>(
      m,
      `SELECT mm.user_id AS "userId" FROM memberships mm
        WHERE mm.collaboration_id = $1 AND mm.partner_id = $2 AND mm.role = ANY($3::text[])`,
      [cid, partnerId, VALUE_READER_ROLES],
    );
  }
}
