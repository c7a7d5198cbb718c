import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { PasswordResetTokenEntity, SessionEntity } from '../../database/entities';

/** Password reset tokens, and session removals that must commit with their audit event. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insertResetToken(
    m: EntityManager,
    input: { tokenHash: string; userId: string; expiresAt: Date },
  ): Promise<void> {
    await m.getRepository(PasswordResetTokenEntity).insert({ ...input, createdAt: new Date(), usedAt: null });
  }

  /** With `m` inside a transaction, the row is locked until it commits (two confirmations cannot both win). */
  findResetToken(tokenHash: string, m?: EntityManager): Promise<PasswordResetTokenEntity | null> {
    if (!m) return this.ds.getRepository(PasswordResetTokenEntity).findOneBy({ tokenHash });
    return m
      .getRepository(PasswordResetTokenEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  /** Spends every outstanding reset link of the user (the one used, and any older ones). */
  async markResetTokensUsed(m: EntityManager, userId: string, at: Date): Promise<void> {
    await m.getRepository(PasswordResetTokenEntity).update({ userId, usedAt: IsNull() }, { usedAt: at });
  }

  async deleteSession(m: EntityManager, tokenHash: string): Promise<void> {
    await m.getRepository(SessionEntity).delete({ tokenHash });
  }

  /** Signs the user out everywhere; returns how many sessions ended. */
  async deleteSessionsOfUser(m: EntityManager, userId: string): Promise<number> {
    const res = await m.getRepository(SessionEntity).delete({ userId });
    return res.affected ?? 0;
  }
}
