const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The password reset email, as plain text and HTML. */
export function passwordResetEmail(input: { name: string; link: string; ttlMinutes: number }): {
  subject: string;
  text: string;
  html: string;
} {
  const minutes = `${input.ttlMinutes} minute${input.ttlMinutes === 1 ? '' : 's'}`;
  const text = [
    `Hello ${input.name},`,
    '',
    'Someone (hopefully you) asked to reset the password of your Constellation account.',
    `Choose a new password with this link within ${minutes}:`,
    '',
    input.link,
    '',
    'The link works once. If you did not ask for this, ignore this email: your password stays the same.',
  ].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(input.name)},</p>`,
    '<p>Someone (hopefully you) asked to reset the password of your Constellation account.</p>',
    `<p><a href="${escapeHtml(input.link)}">Choose a new password</a> within ${minutes}.</p>`,
    `<p>If the link does not open, copy this address into your browser:<br>${escapeHtml(input.link)}</p>`,
    '<p>The link works once. If you did not ask for this, ignore this email: your password stays the same.</p>',
  ].join('\n');
  return { subject: 'Reset your Constellation password', text, html };
}
