import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UpdateAudience, UpdateLinkType, UpdateReaction } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';

export interface UpdateRow {
  id: string;
  body: string;
  audience: UpdateAudience;
  authorId: string;
  authorName: string;
  organisationName: string | null;
  linkType: UpdateLinkType | null;
  linkId: string | null;
  linkLabel: string | null;
  pinned: boolean;
  pinnedAt: string | null;
  createdAt: string;
  editedAt: string | null;
  /** created_at with microseconds (the cursor's key). */
  sortAt: string;
  attachments: { id: string; fileName: string; contentType: string; sizeBytes: number }[];
  reactions: { reaction: UpdateReaction; count: number; mine: boolean }[];
}

export interface AttachmentRow {
  id: string;
  updateId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
}

export interface FeedFilter {
  /** Only posts marked for funders. */
  fundersOnly: boolean;
  goalId?: string;
  indicatorId?: string;
  activityId?: string;
  after?: { pinned: boolean; sortAt: string; id: string };
  limit: number;
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The columns of one post as UpdateRow; $1 the collaboration, $2 the caller (for `mine`). */
const SELECT = `
  SELECT u.id, u.body, u.audience, u.author_id AS "authorId", au.name AS "authorName", o.name AS "organisationName",
         CASE WHEN u.goal_id IS NOT NULL THEN 'goal' WHEN u.indicator_id IS NOT NULL THEN 'indicator'
              WHEN u.activity_id IS NOT NULL THEN 'activity' END AS "linkType",
         COALESCE(u.goal_id, u.indicator_id, u.activity_id) AS "linkId",
         COALESCE(g.title, i.code || ' · ' || i.name, a.name) AS "linkLabel",
         (u.pinned_at IS NOT NULL) AS pinned,
         ${ts('u.pinned_at')} AS "pinnedAt", ${ts('u.created_at')} AS "createdAt", ${ts('u.edited_at')} AS "editedAt",
         to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortAt",
         COALESCE((SELECT json_agg(json_build_object('id', ua.id, 'fileName', ua.file_name, 'contentType', ua.content_type, 'sizeBytes', ua.size_bytes)
                                   ORDER BY ua.position)
                     FROM update_attachments ua WHERE ua.collaboration_id = u.collaboration_id AND ua.update_id = u.id), '[]') AS attachments,
         COALESCE((SELECT json_agg(json_build_object('reaction', r.reaction, 'count', r.n, 'mine', r.mine))
                     FROM (SELECT ur.reaction, count(*)::int AS n, bool_or(ur.user_id = $2::uuid) AS mine
                             FROM update_reactions ur WHERE ur.collaboration_id = u.collaboration_id AND ur.update_id = u.id
                            GROUP BY ur.reaction) r), '[]') AS reactions
    FROM updates u
    JOIN users au ON au.id = u.author_id
    LEFT JOIN memberships mm ON mm.collaboration_id = u.collaboration_id AND mm.user_id = u.author_id
    LEFT JOIN partners p ON p.collaboration_id = mm.collaboration_id AND p.id = mm.partner_id
    LEFT JOIN organisations o ON o.id = p.organisation_id
    LEFT JOIN goals g ON g.collaboration_id = u.collaboration_id AND g.id = u.goal_id
    LEFT JOIN indicators i ON i.collaboration_id = u.collaboration_id AND i.id = u.indicator_id
    LEFT JOIN activities a ON a.collaboration_id = u.collaboration_id AND a.id = u.activity_id`;

/** SQL of the updates feed. Every query is scoped by collaboration_id. */
@Injectable()
export class UpdatesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** Pinned first, then newest first; `after` is the last row of the previous page. */
  feed(m: EntityManager, cid: string, userId: string, f: FeedFilter): Promise<UpdateRow[]> {
    const params: unknown[] = [cid, userId, f.fundersOnly];
    const where = [`u.collaboration_id = $1`, `($3::boolean = false OR u.audience = 'members_and_funders')`];
    for (const [key, col] of [
      ['goalId', 'goal_id'],
      ['indicatorId', 'indicator_id'],
      ['activityId', 'activity_id'],
    ] as const) {
      const v = f[key];
      if (v) {
        params.push(v);
        where.push(`u.${col} = $${params.length}`);
      }
    }
    if (f.after) {
      params.push(f.after.pinned ? 1 : 0, f.after.sortAt, f.after.id);
      const n = params.length;
      where.push(
        `((u.pinned_at IS NOT NULL)::int, u.created_at, u.id) < ($${n - 2}::int, $${n - 1}::timestamptz, $${n}::uuid)`,
      );
    }
    params.push(f.limit);
    return queryRows<UpdateRow>(
      m,
      `${SELECT}
        WHERE ${where.join(' AND ')}
        ORDER BY (u.pinned_at IS NOT NULL)::int DESC, u.created_at DESC, u.id DESC
        LIMIT $${params.length}`,
      params,
    );
  }

  one(m: EntityManager, cid: string, userId: string, id: string): Promise<UpdateRow | null> {
    return queryOne<UpdateRow>(m, `${SELECT} WHERE u.collaboration_id = $1 AND u.id = $3`, [cid, userId, id]);
  }

  /** The post's row locked for a write (author, audience) or null. */
  lock(m: EntityManager, cid: string, id: string) {
    return queryOne<{
      id: string;
      authorId: string;
      audience: UpdateAudience;
      body: string;
      pinned: boolean;
    }>(
      m,
      `SELECT id, author_id AS "authorId", audience, body, (pinned_at IS NOT NULL) AS pinned
         FROM updates WHERE collaboration_id = $1 AND id = $2 FOR UPDATE`,
      [cid, id],
    );
  }

  /** Whether a goal, indicator or activity is in this collaboration. */
  async linkExists(m: EntityManager, cid: string, type: UpdateLinkType, id: string): Promise<boolean> {
    const table = type === 'goal' ? 'goals' : type === 'indicator' ? 'indicators' : 'activities';
    return (
      (await queryOne(m, `SELECT 1 FROM ${table} WHERE collaboration_id = $1 AND id = $2`, [cid, id])) !==
      null
    );
  }

  async insert(
    m: EntityManager,
    cid: string,
    u: {
      id: string;
      authorId: string;
      body: string;
      audience: UpdateAudience;
      goalId?: string;
      indicatorId?: string;
      activityId?: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO updates (collaboration_id, id, author_id, body, audience, goal_id, indicator_id, activity_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        cid,
        u.id,
        u.authorId,
        u.body,
        u.audience,
        u.goalId ?? null,
        u.indicatorId ?? null,
        u.activityId ?? null,
      ],
    );
  }

  async insertAttachment(
    m: EntityManager,
    cid: string,
    updateId: string,
    position: number,
    a: Omit<AttachmentRow, 'updateId'>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO update_attachments (collaboration_id, id, update_id, position, file_name, content_type, size_bytes, storage_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [cid, a.id, updateId, position, a.fileName, a.contentType, a.sizeBytes, a.storageKey],
    );
  }

  async edit(
    m: EntityManager,
    cid: string,
    id: string,
    body: string,
    audience: UpdateAudience,
  ): Promise<void> {
    await m.query(
      `UPDATE updates SET body = $3, audience = $4, edited_at = now() WHERE collaboration_id = $1 AND id = $2`,
      [cid, id, body, audience],
    );
  }

  async setPinned(m: EntityManager, cid: string, id: string, pinnedBy: string | null): Promise<void> {
    await m.query(
      `UPDATE updates SET pinned_at = CASE WHEN $3::uuid IS NULL THEN NULL ELSE now() END, pinned_by = $3::uuid
        WHERE collaboration_id = $1 AND id = $2`,
      [cid, id, pinnedBy],
    );
  }

  /** Delete the post (attachments and reactions cascade); answers the storage keys to remove. */
  async delete(m: EntityManager, cid: string, id: string): Promise<string[]> {
    const keys = await queryRows<{ storageKey: string }>(
      m,
      `SELECT storage_key AS "storageKey" FROM update_attachments WHERE collaboration_id = $1 AND update_id = $2`,
      [cid, id],
    );
    await m.query(`DELETE FROM updates WHERE collaboration_id = $1 AND id = $2`, [cid, id]);
    return keys.map((k) => k.storageKey);
  }

  attachment(m: EntityManager, cid: string, updateId: string, id: string): Promise<AttachmentRow | null> {
    return queryOne<AttachmentRow>(
      m,
      `SELECT id, update_id AS "updateId", file_name AS "fileName", content_type AS "contentType", size_bytes::float8 AS "sizeBytes",
              storage_key AS "storageKey"
         FROM update_attachments WHERE collaboration_id = $1 AND update_id = $2 AND id = $3`,
      [cid, updateId, id],
    );
  }

  /** Add (true) or remove (false) one reaction; answers whether anything changed. */
  async react(
    m: EntityManager,
    cid: string,
    updateId: string,
    userId: string,
    reaction: UpdateReaction,
    on: boolean,
  ): Promise<boolean> {
    if (on) {
      const rows = await queryRows(
        m,
        `INSERT INTO update_reactions (collaboration_id, update_id, user_id, reaction) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [cid, updateId, userId, reaction],
      );
      return rows.length > 0;
    }
    return (
      (await execute(
        m,
        `DELETE FROM update_reactions WHERE collaboration_id = $1 AND update_id = $2 AND user_id = $3 AND reaction = $4`,
        [cid, updateId, userId, reaction],
      )) > 0
    );
  }
}
