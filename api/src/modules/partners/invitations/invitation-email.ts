import { type EmailJob, ROLE_LABELS } from '@constellation/shared';
import { escapeHtml, readableDate, simpleHtml } from '../common/mail-text';
import type { InvitableRole } from '../common/roles';

export interface InvitationEmailInput {
  to: string;
  inviterName: string;
  collaborationName: string;
  organisationName: string;
  role: InvitableRole;
  message: string | null;
  acceptUrl: string;
  expiresAt: Date;
}

const ROLE_PHRASES: Record<InvitableRole, string> = {
  backbone_staff: 'as a member of the backbone team',
  partner_admin: 'as the partner admin',
  partner_contributor: 'as a contributor',
  funder: 'as a funder',
};

/** The invitation email: a plain-text body people can read, and a simple HTML one. */
export function invitationEmail(i: InvitationEmailInput): EmailJob {
  const roleLabel = ROLE_LABELS[i.role];
  const until = readableDate(i.expiresAt);
  const endorsement =
    i.role === 'partner_admin'
      ? 'You will read the common agenda and its goals first; accepting endorses the agenda on behalf of your organisation.'
      : 'You will see the common agenda and its goals before you accept.';
  const text = [
    'Hello,',
    '',
    `${i.inviterName} invited you to join "${i.collaborationName}" on Constellation ${ROLE_PHRASES[i.role]} for ${i.organisationName} (${roleLabel}).`,
    ...(i.message ? ['', `Their message:`, i.message] : []),
    '',
    endorsement,
    '',
    `Open this link to accept (it works once, until ${until}):`,
    i.acceptUrl,
    '',
    'If you did not expect this invitation, you can ignore this email.',
    '',
    '— Constellation',
  ].join('\n');

  const html = simpleHtml(
    [
      'Hello,',
      `${escapeHtml(i.inviterName)} invited you to join <strong>${escapeHtml(i.collaborationName)}</strong> on Constellation ${escapeHtml(
        ROLE_PHRASES[i.role],
      )} for ${escapeHtml(i.organisationName)} (${escapeHtml(roleLabel)}).`,
      ...(i.message ? [`Their message:<br>${escapeHtml(i.message).replace(/\r?\n/g, '<br>')}`] : []),
      escapeHtml(endorsement),
      `The link works once, until ${escapeHtml(until)}. If you did not expect this invitation, you can ignore this email.`,
    ],
    { href: i.acceptUrl, label: 'Read the agenda and accept' },
  );

  return {
    to: i.to,
    subject: `${i.inviterName} invited you to join ${i.collaborationName} on Constellation`
      .replace(/\s+/g, ' ')
      .slice(0, 300),
    text,
    html,
    kind: 'invitation',
  };
}
