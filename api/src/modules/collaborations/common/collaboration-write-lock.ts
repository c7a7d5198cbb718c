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
    const row = await this.collaborations.lockForWrite(m, collaborationId);
    if (!row) throw notFound('Collaboration not found');
    if (row.status === 'archived' && !opts.allowArchived) {
      throw new AppError(HttpStatus.CONFLICT, ARCHIVED_MESSAGE);
    }
    return row;
  }
}
