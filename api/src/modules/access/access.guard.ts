import { type CanActivate, type ExecutionContext, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleHas } from '@constellation/shared';
import { ACCESS_KEY, type AccessRule } from '../../common/access.decorators';
import { AppError } from '../../common/errors';
import { type AppRequest, type CollaborationMember, contextOf } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { ApiTokenAuth } from '../values/api-tokens/api-token-auth';
import { ALLOW_API_TOKEN_KEY, type ApiTokenPrincipal, bearerOf } from '../values/api-tokens/api-token-principal';
import { isUuid, MembershipsLookup } from './memberships.repository';
import { CSRF_HEADER, SESSION_COOKIE, SessionsService } from './sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global, default-deny guard. A route without an access rule is refused.
 * Order: resolve the session → CSRF for writes → the route's rule.
 * A member of another collaboration gets 404 (ids are not confirmed); a member
 * without the permission gets 403; both are audited as denied.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly memberships: MembershipsLookup,
    private readonly audit: AuditService,
    private readonly apiTokens: ApiTokenAuth,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AppRequest>();
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);

    const bearer = bearerOf(req.headers.authorization);
    if (bearer !== null && rule?.kind !== 'public') return this.activateWithApiToken(context, req, rule, bearer);

    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    // For a permission rule, the membership in the route's collaboration comes with the session (one query).
    const memberOf = rule?.kind === 'permission' && isUuid(req.params?.collaborationId) ? req.params.collaborationId : undefined;
    let resolvedMember: CollaborationMember | null | undefined;
    if (token) {
      const active = await this.sessions.resolve(token, memberOf);
      if (active) {
        resolvedMember = active.member;
        req.user = { id: active.user.id, email: active.user.email, name: active.user.name };
        req.authSession = { tokenHash: active.session.tokenHash, csrfToken: active.session.csrfToken };
      }
    }

    if (!rule) {
      this.logger.error(`Route ${req.method} ${req.routeOptions?.url ?? req.url} declares no access rule; denied`);
      throw new AppError(HttpStatus.FORBIDDEN, 'This route is not available');
    }
    if (rule.kind === 'public') return true;

    if (!req.user || !req.authSession) {
      throw new AppError(HttpStatus.UNAUTHORIZED, 'Please sign in to continue');
    }
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers[CSRF_HEADER];
      if (typeof header !== 'string' || header !== req.authSession.csrfToken) {
        await this.deny(req, 'csrf', null);
        throw new AppError(HttpStatus.FORBIDDEN, 'Missing or invalid CSRF token; reload the page and try again');
      }
    }
    if (rule.kind === 'authenticated') return true;

    const collaborationId = req.params?.collaborationId;
    if (typeof collaborationId !== 'string') {
      throw new Error(`Route ${req.routeOptions?.url} needs :collaborationId for a permission rule`);
    }
    const member = resolvedMember !== undefined ? resolvedMember : await this.memberships.find(collaborationId, req.user.id);
    if (!member) {
      // Audited against the collaboration when it exists, so its admins see attempts from outside.
      const exists = await this.memberships.collaborationExists(collaborationId);
      await this.deny(req, rule.permission, exists ? collaborationId : null);
      throw new AppError(HttpStatus.NOT_FOUND, 'Collaboration not found');
    }
    req.member = member;
    if (!roleHas(member.role, rule.permission)) {
      await this.deny(req, rule.permission, collaborationId);
      throw new AppError(HttpStatus.FORBIDDEN, 'Your role in this collaboration does not allow this');
    }
    return true;
  }

  /**
   * `Authorization: Bearer cst_…` (a partner system): valid only on routes marked @AllowApiToken(),
   * only in the token's own collaboration (elsewhere 404, as for a non-member), acting as a partner
   * contributor of the token's organisation. No cookies, so no CSRF check.
   */
  private async activateWithApiToken(
    context: ExecutionContext,
    req: AppRequest & { apiToken?: ApiTokenPrincipal },
    rule: AccessRule | undefined,
    bearer: string,
  ): Promise<boolean> {
    const principal = await this.apiTokens.resolve(bearer);
    if (!principal) throw new AppError(HttpStatus.UNAUTHORIZED, 'This API token is not valid: it is unknown or has been revoked');
    const allowed = this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_API_TOKEN_KEY, [context.getHandler(), context.getClass()]);
    if (!rule || rule.kind !== 'permission' || !allowed) {
      await this.deny(req, 'api_token', principal.collaborationId);
      throw new AppError(HttpStatus.FORBIDDEN, 'API tokens can be used only for the values routes; sign in for anything else');
    }
    if (req.params?.collaborationId !== principal.collaborationId) {
      await this.deny(req, rule.permission, principal.collaborationId);
      throw new AppError(HttpStatus.NOT_FOUND, 'Collaboration not found');
    }
    req.apiToken = principal;
    req.member = { collaborationId: principal.collaborationId, membershipId: principal.id, partnerId: principal.partnerId, role: 'partner_contributor' };
    if (!roleHas('partner_contributor', rule.permission)) {
      await this.deny(req, rule.permission, principal.collaborationId);
      throw new AppError(HttpStatus.FORBIDDEN, 'An API token cannot do this');
    }
    return true;
  }

  private async deny(req: AppRequest, what: string, collaborationId: string | null): Promise<void> {
    try {
      await this.audit.record(contextOf(req), {
        action: `denied:${what}`,
        entity: 'route',
        entityId: `${req.method} ${req.originalUrl ?? req.url}`.slice(0, 500),
        collaborationId,
        outcome: 'denied',
      });
    } catch (err) {
      this.logger.warn(`Could not audit a denied access: ${(err as Error).message}`);
    }
  }
}
