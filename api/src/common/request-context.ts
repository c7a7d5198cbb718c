import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@constellation/shared';
import type { FastifyRequest } from 'fastify';

export interface AuthUser {
  id: string;
  email: string;
  name: string;
}
export interface AuthSession {
  tokenHash: string;
  csrfToken: string;
}
export interface CollaborationMember {
  collaborationId: string;
  membershipId: string;
  partnerId: string;
  role: Role;
  /**
   * The collaboration's current agenda settings, when the guard read them with the membership (a
   * signed-in member on a permission route): read paths use them instead of querying again.
   */
  settings?: { fiscalYearStartMonth: number; requiresApproval: boolean; showContributionsToFunders: boolean };
}

/** What the guard attaches to the request. */
export interface AppRequest extends FastifyRequest<{ Params: Record<string, string | undefined> }> {
  user?: AuthUser;
  authSession?: AuthSession;
  member?: CollaborationMember;
}

/** Who is acting, from where: passed to services for access checks and audit. */
export interface RequestContext {
  user: AuthUser | null;
  member: CollaborationMember | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function contextOf(req: AppRequest): RequestContext {
  return {
    user: req.user ?? null,
    member: req.member ?? null,
    ip: req.ip ?? null,
    userAgent: (req.headers['user-agent'] as string | undefined)?.slice(0, 400) ?? null,
    requestId: req.id !== undefined ? String(req.id) : null,
  };
}

/** `@Ctx() ctx: RequestContext` in a controller method. */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext): RequestContext => {
  return contextOf(host.switchToHttp().getRequest<AppRequest>());
});

/** For routes behind Authenticated()/RequirePermission(): the user is always there. */
export function requireUser(ctx: RequestContext): AuthUser {
  if (!ctx.user) throw new Error('No user on an authenticated route');
  return ctx.user;
}
export function requireMember(ctx: RequestContext): CollaborationMember {
  if (!ctx.member) throw new Error('No membership on a collaboration route');
  return ctx.member;
}
