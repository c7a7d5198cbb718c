import { roleFitsKind } from '../common/roles';
import { escapeHtml } from '../common/mail-text';
import { invitationEmail } from './invitation-email';

describe('invitationEmail', () => {
  const base = {
    to: 'pat@example.test',
    inviterName: 'Ada <Admin>',
    collaborationName: 'Ready & Five',
    organisationName: '"Hope" Clinic',
    role: 'partner_admin' as const,
    message: 'Line one\n<script>alert(1)</script>',
    acceptUrl: 'https://constellation.example/invitations/abc_DEF-123',
    expiresAt: new Date('2026-12-12T10:00:00Z'),
  };

  it('puts the link and the expiry in a readable text body', () => {
    const email = invitationEmail(base);
    expect(email).toMatchObject({ to: 'pat@example.test', kind: 'invitation' });
    expect(email.text).toContain(base.acceptUrl);
    expect(email.text).toContain('12 December 2026');
    expect(email.text).toContain('Ready & Five');
    expect(email.text).toContain('endorses the agenda');
  });

  it('escapes every interpolated value in the html body', () => {
    const html = invitationEmail(base).html!;
    expect(html).toContain('Ada &lt;Admin&gt;');
    expect(html).toContain('Ready &amp; Five');
    expect(html).toContain('&quot;Hope&quot; Clinic');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<Admin>/);
    expect(html).toContain(`href="${base.acceptUrl}"`);
  });

  it('keeps the subject on one line', () => {
    expect(invitationEmail({ ...base, inviterName: 'Ada\r\nBcc: x@evil.test' }).subject).not.toMatch(
      /[\r\n]/,
    );
  });

  it('does not mention endorsement to funders', () => {
    expect(invitationEmail({ ...base, role: 'funder', message: null }).text).not.toContain('endorses');
  });
});

describe('escapeHtml and roleFitsKind', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it.each([
    ['backbone_admin', 'backbone', true],
    ['backbone_staff', 'backbone', true],
    ['partner_admin', 'backbone', false],
    ['partner_admin', 'partner', true],
    ['partner_contributor', 'partner', true],
    ['funder', 'partner', false],
    ['funder', 'funder', true],
    ['partner_contributor', 'funder', false],
  ] as const)('%s in a %s organisation → %s', (role, kind, fits) => {
    expect(roleFitsKind(role, kind)).toBe(fits);
  });
});
