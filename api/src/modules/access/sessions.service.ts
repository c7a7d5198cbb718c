import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { SessionEntity, UserEntity } from '../../database/entities';
import type { CollaborationMember } from '../../common/request-context';

export const SESSION_COOKIE = 'constellation_session';
export const CSRF_COOKIE = 'constellation_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** 256 bits of randomness, URL-safe. */
export const randomToken = () => randomBytes(32).toString('base64url');

export interface ActiveSession {
  session: SessionEntity;
  user: UserEntity;
  /** Only when resolve() was asked for a collaboration: the user's active membership there, or null. */
  member?: CollaborationMember | null;
}

interface SessionLookup {
  tokenHash: string;
  memberOf: string | null;
}
const lookupKey = (k: SessionLookup) => `${k.tokenHash} ${k.memberOf ?? ''}`;

interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  u_id: string | null;
  u_email: string;
  u_name: string;
  u_password_hash: string;
  u_created_at: Date;
  u_updated_at: Date;
  m_id: string | null;
  m_partner_id: string | null;
  m_role: CollaborationMember['role'] | null;
  m_fiscal_year_start_month: number | null;
  m_requires_approval: boolean | null;
  m_show_contributions_to_funders: boolean | null;
}

/** Server-side sessions with idle and absolute expiry. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One query per batch of lookups; identical lookups in a batch share their row. A batch is sent
   * in the check phase (setImmediate), after every request that arrived in the same poll of the
   * event loop has asked.
   */
  private readonly lookups = new DataLoader<SessionLookup, SessionRow | undefined, string>(
    async (keys) => {
      const distinct = [...new Map(keys.map((k) => [lookupKey(k), k])).values()];
      const rows: (SessionRow & { i: string })[] = await this.sessions.manager.query(
        `SELECT q.i::text AS i, s.token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent,
                u.id AS u_id, u.email AS u_email, u.name AS u_name, u.password_hash AS u_password_hash,
                u.created_at AS u_created_at, u.updated_at AS u_updated_at,
                mm.id AS m_id, mm.partner_id AS m_partner_id, mm.role AS m_role,
                mm.fiscal_year_start_month AS m_fiscal_year_start_month, mm.requires_approval AS m_requires_approval,
                mm.show_contributions_to_funders AS m_show_contributions_to_funders
           FROM unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS q(token_hash, member_of, i)
           JOIN sessions s ON s.token_hash = q.token_hash
           LEFT JOIN users u ON u.id = s.user_id
           LEFT JOIN LATERAL (
             SELECT m.id, m.partner_id, m.role, av.fiscal_year_start_month, av.requires_approval, c.show_contributions_to_funders
               FROM memberships m
               JOIN partners p ON p.collaboration_id = m.collaboration_id AND p.id = m.partner_id
               JOIN collaborations c ON c.id = m.collaboration_id
               LEFT JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
              WHERE q.member_of IS NOT NULL AND m.collaboration_id = q.member_of AND m.user_id = s.user_id AND p.status = 'active'
              LIMIT 1
           ) mm ON true`,
        [distinct.map((k) => k.tokenHash), distinct.map((k) => k.memberOf)],
      );
      const byKey = new Map(rows.map((r) => [lookupKey(distinct[Number(r.i) - 1]!), r]));
      return keys.map((k) => byKey.get(lookupKey(k)));
    },
    { cache: false, maxBatchSize: 500, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
  );

  /** Returns the cookie token (never stored) and the session. */
  async create(userId: string, ip: string | null, userAgent: string | null): Promise<{ token: string; session: SessionEntity }> {
    const token = randomToken();
    const now = new Date();
    const session = this.sessions.create({
      tokenHash: sha256(token),
      userId,
      csrfToken: randomToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.session.absoluteHours * 3600_000),
      ip,
      userAgent,
    });
    await this.sessions.insert(session);
    return { token, session };
  }

  /**
   * The session for a cookie token, if it exists and has expired neither way. Touches last_seen_at
   * (at most once a minute). With `memberOf` (a collaboration id, already checked to be a uuid), the
   * user's active membership there and the collaboration's current settings are read in the same
   * query (`member`: null when there is none) — one round trip for the guard of every collaboration
   * route instead of three.
   *
   * Nothing is cached: a destroyed session or a removed membership is refused on the very next
   * request. Lookups that arrive together (requests handled in the same turn of the event loop) are
   * answered by one query (DataLoader batching, `lookups` below); that query is sent after every one
   * of those requests arrived, so it sees every change committed before any of them.
   */
  async resolve(token: string, memberOf?: string): Promise<ActiveSession | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = sha256(token);
    const r = await this.lookups.load({ tokenHash, memberOf: memberOf ?? null });
    if (!r) return null;
    const session = this.sessions.create({
      tokenHash: r.token_hash,
      userId: r.user_id,
      csrfToken: r.csrf_token,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      ip: r.ip,
      userAgent: r.user_agent,
    });
    const now = Date.now();
    const idleLimit = session.lastSeenAt.getTime() + this.config.session.idleMinutes * 60_000;
    if (session.expiresAt.getTime() <= now || idleLimit <= now) {
      await this.sessions.delete({ tokenHash });
      return null;
    }
    if (r.u_id === null) return null;
    const user = this.users.create({
      id: r.u_id,
      email: r.u_email,
      name: r.u_name,
      passwordHash: r.u_password_hash,
      createdAt: r.u_created_at,
      updatedAt: r.u_updated_at,
    });
    if (now - session.lastSeenAt.getTime() > 60_000) {
      session.lastSeenAt = new Date(now);
      await this.sessions.update({ tokenHash }, { lastSeenAt: session.lastSeenAt });
    }
    const active: ActiveSession = { session, user };
    if (memberOf !== undefined) {
      active.member =
        r.m_id === null
          ? null
          : {
              collaborationId: memberOf,
              membershipId: r.m_id,
              partnerId: r.m_partner_id!,
              role: r.m_role!,
              ...(r.m_fiscal_year_start_month === null
                ? {}
                : {
                    settings: {
                      fiscalYearStartMonth: Number(r.m_fiscal_year_start_month),
                      requiresApproval: r.m_requires_approval!,
                      showContributionsToFunders: r.m_show_contributions_to_funders!,
                    },
                  }),
            };
    }
    return active;
  }

  async destroy(tokenHash: string): Promise<void> {
    await this.sessions.delete({ tokenHash });
  }

  async destroyAllForUser(userId: string): Promise<void> {
    await this.sessions.delete({ userId });
  }

  cookieOptions() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.session.cookieSecure,
      path: '/',
      // Seconds in Max-Age, and Expires for older browsers.
      maxAge: this.config.session.absoluteHours * 3600,
      expires: new Date(Date.now() + this.config.session.absoluteHours * 3600_000),
    };
  }
  csrfCookieOptions() {
    return { ...this.cookieOptions(), httpOnly: false };
  }
}
