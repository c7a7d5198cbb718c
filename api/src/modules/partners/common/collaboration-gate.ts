import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '../../../common/errors';
import type { CollaborationRow, PartnersRepository } from '../partners/partners.repository';

/**
 * First step of a write: the collaboration row FOR SHARE (archiving and agenda saves wait for us,
 * and the agenda version we check cannot move), and 409 when it is archived.
 */
export async function collaborationForWrite(
  partners: PartnersRepository,
  m: EntityManager,
  collaborationId: string,
): Promise<CollaborationRow> {
  const collaboration = await partners.collaboration(m, collaborationId, 'share');
  if (!collaboration) throw notFound('Collaboration not found');
  if (collaboration.status !== 'active') throw conflict('This collaboration is archived');
  return collaboration;
}
