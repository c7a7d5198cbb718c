import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PasswordResetConfirmInput, PasswordResetRequestInput } from '@constellation/shared';
import type { DataSource } from 'typeorm';
import { badRequest } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { PasswordResetTokenEntity } from '../../database/entities';
import { randomToken, sha256 } from '../access/sessions.service';
import { AuditService } from '../audit/audit.service';
import { MailQueue } from '../mail/redis.provider';
import { AttemptLimiter } from './attempt-limiter';
import { AuthRepository } from './auth.repository';
import { passwordResetEmail } from './password-reset.email';
import { PasswordHasher } from './passwords';
import { UsersRepository } from './users.repository';

export const RESET_REQUESTED_MESSAGE =
  'If an account exists for this email address, we have sent it a link to choose a new password. The link works once.';
export const RESET_DONE_MESSAGE =
  'Your password has been changed and every session has been signed out. Sign in with your new password.';

/** Why a reset token cannot be used, as a sentence for the person holding the link. */
export function tokenProblem(token: PasswordResetTokenEntity | null, now: Date): string | null {
  if (!token) return 'This password reset link is not valid. Ask for a new one.';
  if (token.usedAt)
    return 'This password reset link has already been used. Ask for a new one if you still need it.';
  if (token.expiresAt.getTime() <= now.getTime())
    return 'This password reset link has expired. Ask for a new one.';
  return null;
}

/** Single-use, expiring reset links sent by email; only the token's SHA-256 is stored. */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly repo: AuthRepository,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AttemptLimiter,
    private readonly mail: MailQueue,
  ) {}

  /** Always succeeds the same way, whether or not the account exists. */
  async request(ctx: RequestContext, input: PasswordResetRequestInput): Promise<void> {
    await this.limiter.consume('reset-ip', ctx.ip ?? 'unknown', this.config.signIn.maxPerIp);
    await this.limiter.consume('reset-account', input.email, this.config.signIn.maxPerAccount);

    const user = await this.users.findByEmail(input.email);
    if (!user) return;

    const token = randomToken();
    const expiresAt = new Date(Date.now() + this.config.passwordResetTtlMinutes * 60_000);
    await this.ds.transaction(async (m) => {
      await this.repo.insertResetToken(m, { tokenHash: sha256(token), userId: user.id, expiresAt });
      await this.audit.record(
        ctx,
        { action: 'user.password_reset_request', entity: 'user', entityId: user.id, after: { expiresAt } },
        m,
      );
    });
    const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.mail.send({
      to: user.email,
      kind: 'password_reset',
      ...passwordResetEmail({ name: user.name, link, ttlMinutes: this.config.passwordResetTtlMinutes }),
    });
    this.logger.log(`Password reset link queued for user ${user.id}`);
  }

  /** Sets the new password, spends the link and signs the person out everywhere, in one transaction. */
  async confirm(ctx: RequestContext, input: PasswordResetConfirmInput): Promise<{ userId: string }> {
    await this.limiter.consume('reset-confirm-ip', ctx.ip ?? 'unknown', this.config.signIn.maxPerIp);
    const tokenHash = sha256(input.token);
    // Check before hashing, so a dead link does not cost an argon2 computation.
    this.assertUsable(await this.repo.findResetToken(tokenHash));
    const passwordHash = await this.hasher.hash(input.password);

    const userId = await this.ds.transaction(async (m) => {
      const token = await this.repo.findResetToken(tokenHash, m);
      const usable = this.assertUsable(token);
      const now = new Date();
      await this.users.updatePassword(m, usable.userId, passwordHash);
      await this.repo.markResetTokensUsed(m, usable.userId, now);
      const sessionsEnded = await this.repo.deleteSessionsOfUser(m, usable.userId);
      await this.audit.record(
        ctx,
        {
          action: 'user.password_reset',
          entity: 'user',
          entityId: usable.userId,
          actorId: usable.userId,
          after: { sessionsEnded },
        },
        m,
      );
      return usable.userId;
    });

    // A person who proved they own the mailbox is no longer locked out by failed sign-ins.
    const user = await this.users.findById(userId);
    if (user) await this.limiter.clear('signin-account', user.email);
    return { userId };
  }

  private assertUsable(token: PasswordResetTokenEntity | null): PasswordResetTokenEntity {
    const problem = tokenProblem(token, new Date());
    if (problem || !token)
      throw badRequest(problem ?? 'Invalid token', [{ path: 'token', message: problem ?? 'is not valid' }]);
    return token;
  }
}
