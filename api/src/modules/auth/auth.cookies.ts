import type { Response } from 'express';
import { CSRF_COOKIE, SESSION_COOKIE, type SessionsService } from '../access/sessions.service';

/** The session cookie (httpOnly) and the CSRF cookie (readable by the web app). */
export function setSessionCookies(
  res: Response,
  sessions: SessionsService,
  token: string,
  csrfToken: string,
): void {
  res.cookie(SESSION_COOKIE, token, sessions.cookieOptions());
  res.cookie(CSRF_COOKIE, csrfToken, sessions.csrfCookieOptions());
}

export function clearSessionCookies(res: Response, sessions: SessionsService): void {
  // Same attributes as when set (minus the lifetime), or browsers keep the cookie.
  const { maxAge: _s, ...session } = sessions.cookieOptions();
  const { maxAge: _c, ...csrf } = sessions.csrfCookieOptions();
  res.clearCookie(SESSION_COOKIE, session);
  res.clearCookie(CSRF_COOKIE, csrf);
}
