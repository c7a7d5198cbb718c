import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { SessionEntity, UserEntity } from '../../database/entities';

export const SESSION_COOKIE = 'constellation_session';
export const CSRF_COOKIE = 'constellation_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** 256 bits of randomness, URL-safe. */
export const randomToken = () => randomBytes(32).toString('base64url');

export interface ActiveSession {
  session: SessionEntity;
  user: UserEntity;
}

/** Server-side sessions with idle and absolute expiry. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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

  /** The session for a cookie token, if it exists and has expired neither way. Touches last_seen_at. */
  async resolve(token: string): Promise<ActiveSession | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = sha256(token);
    const session = await this.sessions.findOneBy({ tokenHash });
    if (!session) return null;
    const now = Date.now();
    const idleLimit = session.lastSeenAt.getTime() + this.config.session.idleMinutes * 60_000;
    if (session.expiresAt.getTime() <= now || idleLimit <= now) {
      await this.sessions.delete({ tokenHash });
      return null;
    }
    const user = await this.users.findOneBy({ id: session.userId });
    if (!user) return null;
    if (now - session.lastSeenAt.getTime() > 60_000) {
      session.lastSeenAt = new Date(now);
      await this.sessions.update({ tokenHash }, { lastSeenAt: session.lastSeenAt });
    }
    return { session, user };
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
      maxAge: this.config.session.absoluteHours * 3600_000,
    };
  }
  csrfCookieOptions() {
    return { ...this.cookieOptions(), httpOnly: false };
  }
}
