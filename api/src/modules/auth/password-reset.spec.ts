import type { PasswordResetTokenEntity } from '../../database/entities';
import { passwordResetEmail } from './password-reset.email';
import { tokenProblem } from './password-reset.service';

const now = new Date('2030-01-01T12:00:00Z');
const token = (over: Partial<PasswordResetTokenEntity>) =>
  ({
    tokenHash: 'h',
    userId: 'u',
    createdAt: now,
    expiresAt: new Date(now.getTime() + 60_000),
    usedAt: null,
    ...over,
  }) as PasswordResetTokenEntity;

describe('tokenProblem', () => {
  it.each([
    ['unknown', null, /not valid/],
    ['used', token({ usedAt: now }), /already been used/],
    ['expired', token({ expiresAt: now }), /expired/],
  ])('%s → a sentence', (_label, t, message) => {
    expect(tokenProblem(t, now)).toMatch(message);
  });
  it('a fresh, unused token is fine', () => {
    expect(tokenProblem(token({}), now)).toBeNull();
  });
});

describe('passwordResetEmail', () => {
  it('carries the link in text and HTML, escaping the name', () => {
    const link = 'https://constellation.example/reset-password?token=abc_DEF-123';
    const mail = passwordResetEmail({ name: 'Ada <script>', link, ttlMinutes: 60 });
    expect(mail.subject).toBe('Reset your Constellation password');
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('within 60 minutes');
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('Ada &lt;script&gt;');
    expect(mail.html).not.toContain('<script>');
  });
});
