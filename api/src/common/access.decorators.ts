import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@constellation/shared';

export const ACCESS_KEY = 'constellation:access';

/**
 * Every route declares exactly one of these (the global guard denies routes that do not):
 * - Public(): no sign-in (sign-in itself, health, invitation previews, docs)
 * - Authenticated(): any signed-in person, no collaboration scope (/me, create a collaboration)
 * - RequirePermission(p): a member of the `:collaborationId` in the URL whose role grants p
 */
export type AccessRule = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'permission'; permission: Permission };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);
export const Authenticated = () => SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies AccessRule);
export const RequirePermission = (permission: Permission) =>
  SetMetadata(ACCESS_KEY, { kind: 'permission', permission } satisfies AccessRule);
