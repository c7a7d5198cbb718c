/** Escape a value for an HTML body: every interpolated value goes through this. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** "12 December 2026" (UTC), as people read dates in an email. */
export function readableDate(d: Date): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** A minimal, readable HTML email: paragraphs (already escaped) and one button-like link. */
export function simpleHtml(paragraphs: string[], link?: { href: string; label: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${p}</p>`).join('\n');
  const button = link
    ? `<p style="margin:24px 0"><a href="${escapeHtml(link.href)}" style="background:#1c5d99;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a></p>
<p style="margin:0 0 16px;color:#555;font-size:13px">Or copy this link into your browser: ${escapeHtml(link.href)}</p>`
    : '';
  return `<!doctype html>
<html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;max-width:560px">
${body}
${button}
</body></html>`;
}

/**
 * Enqueue an email after the write it belongs to has committed. A queue outage must not undo
 * the write (the answer says whether the email was queued), so failures are logged, not thrown.
 */
export async function enqueueAfterCommit(
  send: () => Promise<void>,
  logger: { warn: (message: string) => void },
  what: string,
): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (err) {
    logger.warn(`Could not queue the ${what} email: ${(err as Error).message}`);
    return false;
  }
}
