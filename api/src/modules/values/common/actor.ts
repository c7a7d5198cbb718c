import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { roleHas } from '@constellation/shared';
import type { AppRequest } from '../../../common/request-context';
import type { ApiTokenPrincipal } from '../api-tokens/api-token-principal';

/**
 * Who writes or reads values: a signed-in member (via 'web') or a partner system's API token
 * (via 'api', acting as a partner contributor of the token's organisation).
 */
export interface ValuesActor {
  collaborationId: string;
  /** The organisation (partner row) the actor belongs to. */
  partnerId: string;
  userId: string | null;
  tokenId: string | null;
  tokenName: string | null;
  /** 'user:<id>' or 'token:<id>': the idempotency-key owner and the audit actor. */
  key: string;
  via: 'web' | 'api' | 'import';
  /** Backbone reviewers see every partner's values. */
  canReview: boolean;
}

export type TokenAwareRequest = AppRequest & { apiToken?: ApiTokenPrincipal };

export function actorOf(req: TokenAwareRequest): ValuesActor {
  const member = req.member;
  if (!member) throw new Error('No membership on a collaboration route');
  if (req.apiToken) {
    return {
      collaborationId: member.collaborationId,
      partnerId: req.apiToken.partnerId,
      userId: null,
      tokenId: req.apiToken.id,
      tokenName: req.apiToken.name,
      key: `token:${req.apiToken.id}`,
      via: 'api',
      canReview: false,
    };
  }
  if (!req.user) throw new Error('No user on an authenticated route');
  return {
    collaborationId: member.collaborationId,
    partnerId: member.partnerId,
    userId: req.user.id,
    tokenId: null,
    tokenName: null,
    key: `user:${req.user.id}`,
    via: 'web',
    canReview: roleHas(member.role, 'values.review'),
  };
}

/** `@Actor() actor: ValuesActor` in a values controller. */
export const Actor = createParamDecorator((_: unknown, host: ExecutionContext): ValuesActor => {
  return actorOf(host.switchToHttp().getRequest<TokenAwareRequest>());
});
