import { SetMetadata } from '@nestjs/common';

/** What a valid `Authorization: Bearer cst_…` resolves to: one partner in one collaboration. */
export interface ApiTokenPrincipal {
  id: string;
  name: string;
  collaborationId: string;
  partnerId: string;
}

export const API_TOKEN_PREFIX = 'cst_';
export const ALLOW_API_TOKEN_KEY = 'constellation:allow-api-token';

/**
 * Marks a route that a partner system may call with an API token (besides a cookie session).
 * A token acts as a partner contributor of its organisation, in its collaboration only.
 */
export const AllowApiToken = () => SetMetadata(ALLOW_API_TOKEN_KEY, true);

/** The bearer credential of a request, or null when it sends none. */
export function bearerOf(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
