import { Injectable } from '@nestjs/common';
import { type Permission, permissionsOf } from '@constellation/shared';
import { type AuthUser, type RequestContext, requireUser } from '../../common/request-context';
import { type MembershipRow, UsersRepository } from './users.repository';

export interface MeView {
  user: AuthUser;
  csrfToken: string;
  memberships: Array<MembershipRow & { permissions: Permission[] }>;
}

/** Who am I, and where do I belong (active partners only). */
@Injectable()
export class MeService {
  constructor(private readonly users: UsersRepository) {}

  async me(ctx: RequestContext, csrfToken: string): Promise<MeView> {
    const user = requireUser(ctx);
    const rows = await this.users.activeMemberships(user.id);
    return {
      user: { id: user.id, email: user.email, name: user.name },
      csrfToken,
      memberships: rows.map((r) => ({
        collaborationId: r.collaborationId,
        name: r.name,
        slug: r.slug,
        status: r.status,
        role: r.role,
        permissions: permissionsOf(r.role),
        partnerId: r.partnerId,
        partnerKind: r.partnerKind,
        organisationId: r.organisationId,
        organisationName: r.organisationName,
      })),
    };
  }
}
