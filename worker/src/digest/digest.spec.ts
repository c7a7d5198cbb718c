import { emailJobSchema } from '@constellation/shared';
import { localClock } from './clock';
import { composeDigest, type DigestItem } from './compose';
import { unsubscribeToken as workerUnsubscribeToken } from '@constellation/shared/node';

const USER = '7c0f4b1e-1d1a-4b8e-9a43-2f7d0c1c3c1c';
const SECRET = 'a'.repeat(32);

describe('unsubscribeToken (shared/node) as the digest signs it', () => {
  it('pins the token format the api verifies', () => {
    expect(workerUnsubscribeToken(SECRET, USER, 'mention')).toBe(
      'N2MwZjRiMWUtMWQxYS00YjhlLTlhNDMtMmY3ZDBjMWMzYzFjOm1lbnRpb24.bbsnXNRFvot6fyJaR3CmU5ytQffsGkj5BENcEzE5rFU',
    );
    expect(workerUnsubscribeToken(SECRET, USER, 'digest')).toBe(
      'N2MwZjRiMWUtMWQxYS00YjhlLTlhNDMtMmY3ZDBjMWMzYzFjOmRpZ2VzdA.Fs69iRqqPP0HZ1q9QZzSTPfXMymuHepFZWLiKlE02QI',
    );
  });
});

describe('localClock', () => {
  const at = new Date('2026-03-10T19:30:00Z');
  it('gives the local date and hour in the zone', () => {
    expect(localClock(at, 'Pacific/Auckland')).toEqual({ date: '2026-03-11', hour: 8, timeZone: 'Pacific/Auckland' });
    expect(localClock(at, 'America/Los_Angeles')).toEqual({ date: '2026-03-10', hour: 12, timeZone: 'America/Los_Angeles' });
    expect(localClock(new Date('2026-03-10T00:15:00Z'), 'UTC')).toEqual({ date: '2026-03-10', hour: 0, timeZone: 'UTC' });
  });
  it('falls back to UTC for a zone the runtime does not know', () => {
    expect(localClock(at, 'Mars/Olympus')).toEqual({ date: '2026-03-10', hour: 19, timeZone: 'UTC' });
  });
});

describe('composeDigest', () => {
  const item = (i: number, over: Partial<DigestItem>): DigestItem => ({
    id: `00000000-0000-4000-8000-00000000000${i}`,
    kind: 'mention',
    collaborationId: 'c1',
    collaborationName: 'Ready by Five',
    title: `Title ${i}`,
    body: '',
    link: `/collaborations/c1/things/${i}`,
    ...over,
  });
  const items = [
    item(1, { kind: 'milestone_met', title: 'Milestone met: Reading reached 130 for 2025' }),
    item(2, { kind: 'mention', body: 'Ana mentioned you:\n  can you check?' }),
    item(3, { kind: 'mention', collaborationId: 'c0', collaborationName: 'Anchor Coalition' }),
  ];
  const email = composeDigest({ userId: USER, email: 'ana@example.test', name: 'Ana' }, '2026-03-11', items, {
    publicUrl: 'https://impact.example.org',
    unsubscribeSecret: SECRET,
  });

  it('is a valid email job carrying every notification id', () => {
    expect(emailJobSchema.parse(email)).toEqual(email);
    expect(email.notificationIds).toEqual(items.map((i) => i.id));
    expect(email.subject).toBe('Your Constellation digest: 3 notifications');
    expect(email.kind).toBe('notification.digest');
  });

  it('groups by collaboration (by name), then by kind, with links', () => {
    const t = email.text;
    const order = ['Anchor Coalition', 'Title 3', 'Ready by Five', 'Title 2', 'can you check?', 'Milestones met (1)', 'Milestone met: Reading'];
    const at = order.map((s) => t.indexOf(s));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(t).toContain('https://impact.example.org/collaborations/c1/things/1');
  });

  it('has one unsubscribe link per kind in it, and the digest’s List-Unsubscribe headers', () => {
    expect(email.text).toContain(`https://impact.example.org/unsubscribe?token=${workerUnsubscribeToken(SECRET, USER, 'mention')}`);
    expect(email.text).toContain(`https://impact.example.org/unsubscribe?token=${workerUnsubscribeToken(SECRET, USER, 'milestone_met')}`);
    expect(email.text).not.toContain(workerUnsubscribeToken(SECRET, USER, 'reminder'));
    expect(email.headers).toEqual({
      'List-Unsubscribe': `<https://impact.example.org/api/notifications/unsubscribe?token=${workerUnsubscribeToken(SECRET, USER, 'digest')}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
