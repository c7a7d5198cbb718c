import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SignInInput, SignUpInput } from '@constellation/shared';
import type { DataSource } from 'typeorm';
import { AppError, conflict } from '../../common/errors';
import { type AuthUser, type RequestContext, requireUser } from '../../common/request-context';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { UserEntity } from '../../database/entities';
import { SessionsService } from '../access/sessions.service';
import { AuditService } from '../audit/audit.service';
import { AttemptLimiter, TooManyAttempts } from './attempt-limiter';
import { AuthRepository } from './auth.repository';
import { PasswordHasher } from './passwords';
import { UsersRepository } from './users.repository';

/** A new session: the cookie token (never stored) and its CSRF token. */
export interface SignedIn {
  user: AuthUser;
  token: string;
  csrfToken: string;
}

export const INCORRECT_CREDENTIALS = 'Email or password is incorrect';

const emailTaken = () =>
  conflict('An account with this email address already exists; sign in or reset your password', [
    { path: 'email', message: 'is already registered' },
  ]);

const publicUser = (u: UserEntity): AuthUser => ({ id: u.id, email: u.email, name: u.name });

/** Sign-up, sign-in and sign-out. Passwords are argon2id; sessions live in PostgreSQL. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly repo: AuthRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AttemptLimiter,
  ) {}

  /**
   * Creates the account (audited in the same transaction) and signs it in.
   * `previousSessionHash`: a session the browser already had, ended so it cannot linger.
   */
  async signUp(ctx: RequestContext, input: SignUpInput, previousSessionHash?: string): Promise<SignedIn> {
    // Every attempt counts (a taken address too), so the limit also slows address probing.
    const limits = this.config.signUp;
    try {
      await this.limiter.consume('signup-ip', ctx.ip ?? 'unknown', limits.maxPerIp, limits.windowSeconds);
    } catch (err) {
      if (err instanceof TooManyAttempts) {
        await this.audit.record(ctx, {
          action: 'user.sign_up',
          entity: 'user',
          entityId: null,
          outcome: 'denied',
          actorId: null,
          after: { email: input.email, reason: 'rate_limited' },
        });
      }
      throw err;
    }
    if (await this.users.findByEmail(input.email)) throw emailTaken();
    const passwordHash = await this.hasher.hash(input.password);
    const user = await this.ds.transaction(async (m) => {
      const created = await this.users.insert(m, { email: input.email, name: input.name, passwordHash });
      if (!created) throw emailTaken();
      await this.audit.record(
        ctx,
        {
          action: 'user.sign_up',
          entity: 'user',
          entityId: created.id,
          actorId: created.id,
          after: publicUser(created),
        },
        m,
      );
      return created;
    });
    return this.startSession(ctx, user, previousSessionHash);
  }

  /**
   * Checks the password, within limits: all attempts per IP, failed attempts per account.
   * Unknown email and wrong password answer the same, after the same amount of work.
   */
  async signIn(ctx: RequestContext, input: SignInInput, previousSessionHash?: string): Promise<SignedIn> {
    const limits = this.config.signIn;
    try {
      await this.limiter.consume('signin-ip', ctx.ip ?? 'unknown', limits.maxPerIp);
      await this.limiter.ensureBelow('signin-account', input.email, limits.maxPerAccount);
    } catch (err) {
      if (err instanceof TooManyAttempts) await this.auditFailure(ctx, input.email, null, 'rate_limited');
      throw err;
    }

    const user = await this.users.findByEmail(input.email);
    const ok = user
      ? await this.hasher.verify(user.passwordHash, input.password)
      : await this.hasher.verifyAgainstDummy(input.password);
    if (!user || !ok) {
      await this.limiter.count('signin-account', input.email);
      await this.auditFailure(ctx, input.email, user?.id ?? null, user ? 'wrong_password' : 'unknown_email');
      throw new AppError(HttpStatus.UNAUTHORIZED, INCORRECT_CREDENTIALS);
    }

    await this.limiter.clear('signin-account', input.email);
    const signedIn = await this.startSession(ctx, user, previousSessionHash);
    await this.audit.record(ctx, {
      action: 'user.sign_in',
      entity: 'user',
      entityId: user.id,
      actorId: user.id,
    });
    return signedIn;
  }

  /** Ends this session only (other devices stay signed in). */
  async signOut(ctx: RequestContext, sessionHash: string): Promise<void> {
    const user = requireUser(ctx);
    await this.ds.transaction(async (m) => {
      await this.repo.deleteSession(m, sessionHash);
      await this.audit.record(ctx, { action: 'user.sign_out', entity: 'user', entityId: user.id }, m);
    });
  }

  private async startSession(
    ctx: RequestContext,
    user: UserEntity,
    previousSessionHash?: string,
  ): Promise<SignedIn> {
    // A fresh token on every sign-in (no session fixation); the old one is ended.
    if (previousSessionHash) await this.sessions.destroy(previousSessionHash);
    const { token, session } = await this.sessions.create(user.id, ctx.ip, ctx.userAgent);
    return { user: publicUser(user), token, csrfToken: session.csrfToken };
  }

  private async auditFailure(
    ctx: RequestContext,
    email: string,
    userId: string | null,
    reason: string,
  ): Promise<void> {
    await this.audit.record(ctx, {
      action: 'user.sign_in',
      entity: 'user',
      entityId: userId,
      outcome: 'denied',
      actorId: null,
      after: { email, reason },
    });
  }
}
