import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config';
import type { MailQueue } from '../mail/redis.provider';
import { NotificationMailer } from './notification-mailer';

const USER = '7c0f4b1e-1d1a-4b8e-9a43-2f7d0c1c3c1c';
const mailer = (secret: string) =>
  new NotificationMailer({} as DataSource, {} as MailQueue, { unsubscribeSecret: secret, publicUrl: 'http://localhost:3000' } as AppConfig);

describe('unsubscribe tokens', () => {
  const a = mailer('a'.repeat(32));

  it('round-trips the person and the kind', () => {
    expect(a.verify(a.token(USER, 'value_returned'))).toEqual({ userId: USER, kind: 'value_returned' });
  });

  it('refuses a token signed with another key, a changed payload, a changed signature or an unknown kind', () => {
    const token = a.token(USER, 'mention');
    const [payload, sig] = token.split('.');
    expect(mailer('b'.repeat(32)).verify(token)).toBeNull();
    expect(a.verify(`${Buffer.from(`${USER}:value_approved`).toString('base64url')}.${sig}`)).toBeNull();
    expect(a.verify(`${payload}.${sig!.slice(0, -1)}${sig!.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(a.verify(`${payload}`)).toBeNull();
    const forgedKind = Buffer.from(`${USER}:reminder`).toString('base64url');
    expect(a.verify(a.token(USER, 'mention').replace(payload!, forgedKind))).toBeNull();
  });
});

describe('the token format the worker writes too (worker/src/digest/unsubscribe-token.ts pins the same vectors)', () => {
  const a = mailer('a'.repeat(32));
  it('signs a kind as the worker does, and accepts the digest token', () => {
    expect(a.token(USER, 'mention')).toBe('N2MwZjRiMWUtMWQxYS00YjhlLTlhNDMtMmY3ZDBjMWMzYzFjOm1lbnRpb24.bbsnXNRFvot6fyJaR3CmU5ytQffsGkj5BENcEzE5rFU');
    expect(a.verify('N2MwZjRiMWUtMWQxYS00YjhlLTlhNDMtMmY3ZDBjMWMzYzFjOmRpZ2VzdA.Fs69iRqqPP0HZ1q9QZzSTPfXMymuHepFZWLiKlE02QI')).toEqual({ userId: USER, kind: 'digest' });
  });
});
