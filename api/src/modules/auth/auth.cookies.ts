import type { FastifyReply } from 'fastify';
import { clearCookie, setCookie } from '../../common/cookies';
import { CSRF_COOKIE, SESSION_COOKIE, type SessionsService } from '../access/sessions.service';

/** The session cookie (httpOnly) and the CSRF cookie (readable by the web app). */
export function setSessionCookies(
  reply: FastifyReply,
  sessions: SessionsService,
  token: string,
  csrfToken: string,
): void {
  setCookie(reply, SESSION_COOKIE, token, sessions.cookieOptions());
  setCookie(reply, CSRF_COOKIE, csrfToken, sessions.csrfCookieOptions());
}

export function clearSessionCookies(reply: FastifyReply, sessions: SessionsService): void {
  // Same attributes as when set (minus the lifetime), or browsers keep the cookie.
  const { maxAge: _s, expires: _se, ...session } = sessions.cookieOptions();
  const { maxAge: _c, expires: _ce, ...csrf } = sessions.csrfCookieOptions();
  clearCookie(reply, SESSION_COOKIE, session);
  clearCookie(reply, CSRF_COOKIE, csrf);
}
