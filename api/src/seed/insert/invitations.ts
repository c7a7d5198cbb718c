import { createHash, randomBytes } from 'node:crypto';
import { InvitationEntity } from '../../database/entities';
import { DEMO_COLLABORATION_ID } from '../demo/collaboration';
import { demoId } from '../demo/ids';
import { OPEN_INVITATION } from '../demo/organisations';
import type { SeedStep } from './context';
import { invitationAt } from './timeline';

/**
 * The open invitation. As for real invitations only the SHA-256 of the token is stored; the
 * token itself is random and thrown away, so nobody can accept the demo invitation (the
 * backbone can still see, resend or revoke it).
 */
export const invitationsStep: SeedStep = {
  name: 'invitations',
  async run({ m, clock }) {
    const createdAt = invitationAt(clock);
    const id = demoId('invitation', OPEN_INVITATION.key);
    const token = randomBytes(32).toString('base64url');
    await m.insert(InvitationEntity, {
      collaborationId: DEMO_COLLABORATION_ID,
      id,
      email: OPEN_INVITATION.email.toLowerCase(),
      partnerId: demoId('partner', OPEN_INVITATION.key),
      role: OPEN_INVITATION.role,
      tokenHash: createHash('sha256').update(token).digest('hex'),
      message: OPEN_INVITATION.message,
      invitedBy: demoId('user', OPEN_INVITATION.invitedBy),
      expiresAt: new Date(createdAt.getTime() + OPEN_INVITATION.ttlDays * 24 * 60 * 60 * 1000),
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
      createdAt,
    });
    return [
      {
        entity: 'invitation',
        entityId: id,
        after: {
          email: OPEN_INVITATION.email,
          role: OPEN_INVITATION.role,
          organisation: OPEN_INVITATION.organisationName,
        },
      },
    ];
  },
};
