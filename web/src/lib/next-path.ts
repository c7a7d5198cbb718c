/** Where to go after signing in: the `next` parameter when it is a path inside the app. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/** "/sign-in?next=/invitations/abc" style links that carry where to come back to. */
export function withNext(path: string, next: string | null | undefined, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  const safe = safeNext(next);
  if (safe !== '/') params.set('next', safe);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
