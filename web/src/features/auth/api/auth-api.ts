import type {
  PasswordResetConfirmInput,
  PasswordResetRequestInput,
  Permission,
  Role,
  SignInInput,
  SignUpInput,
} from '@constellation/shared';
import { api, isApiError } from '../../../lib/api-client';

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Membership {
  collaborationId: string;
  name: string;
  slug: string;
  status: string;
  role: Role;
  permissions: Permission[];
  partnerId: string | null;
  partnerKind: string | null;
  organisationId: string | null;
  organisationName: string | null;
}

export interface Me {
  user: User;
  csrfToken: string;
  memberships: Membership[];
}

/** The signed-in person, or null when nobody is signed in. */
export async function getMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/me', { allow401: true });
  } catch (e) {
    if (isApiError(e, 401)) return null;
    throw e;
  }
}

export const signUp = (body: SignUpInput) => api.post<{ user: User }>('/auth/sign-up', body, { allow401: true });
export const signIn = (body: SignInInput) => api.post<{ user: User }>('/auth/sign-in', body, { allow401: true });
export const signOut = () => api.post<void>('/auth/sign-out', undefined, { allow401: true });
export const requestPasswordReset = (body: PasswordResetRequestInput) =>
  api.post<void>('/auth/password-reset/request', body, { allow401: true });
export const confirmPasswordReset = (body: PasswordResetConfirmInput) =>
  api.post<void>('/auth/password-reset/confirm', body, { allow401: true });
