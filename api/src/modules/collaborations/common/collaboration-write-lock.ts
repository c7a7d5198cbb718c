import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../../../common/errors';
import {
  CollaborationsRepository,
  type LockedCollaboration,
} from '../collaborations/collaborations.repository';

export const ARCHIVED_MESSAGE = 'This collaboration is archived';

/**
 * The first step of every write to a collaboration's content: lock its row for the transaction
 * (so concurrent writes, archiving and agenda saves are serialised) and refuse writes to an
 * archived collaboration with 409. Exported for the other collaboration-scoped modules.
 */
@Injectable()
export class CollaborationWriteLock {
  constructor(private readonly collaborations: CollaborationsRepository) {}

  async lock(
    m: EntityManager,
    collaborationId: string,
    opts: { allowArchived?: boolean } = {},
  ): Promise<LockedCollaboration> {
    return this.checked(await this.collaborations.lockForWrite(m, collaborationId), opts);
  }

  /**
   * The first step of a write to ONE partner's values (its batch saves, submissions, deletions
   * and imports): the collaboration row shared, the partner's row exclusive. Writes of different
   * partners run side by side; the same partner's are serialised (breakdown totals, outlier
   * history and an import's plan are per partner); everything that takes lock() — definitions,
   * commitments, period locks, reviews across partners, archiving — waits for them and they for it.
   */
  async lockForPartner(m: EntityManager, collaborationId: string, partnerId: string): Promise<LockedCollaboration> {
    return this.checked(await this.collaborations.lockForPartnerWrite(m, collaborationId, partnerId));
  }

  private checked(row: LockedCollaboration | null, opts: { allowArchived?: boolean } = {}): LockedCollaboration {
    if (!row) throw notFound('Collaboration not found');
    if (row.status === 'archived' && !opts.allowArchived) {
      throw new AppError(HttpStatus.CONFLICT, ARCHIVED_MESSAGE);
    }
    return row;
  }
}
