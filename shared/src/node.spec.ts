import { DEVELOPMENT_UNSUBSCRIBE_SECRET, unsubscribeToken, verifyUnsubscribeToken } from './node';

const USER = '7c0f4b1e-1d1a-4b8e-9a43-2f7d0c1c3c1c';
const A = 'a'.repeat(32);

describe('unsubscribe tokens (signed by the worker, verified by the api)', () => {
  it('round-trips the person and the kind', () => {
    expect(verifyUnsubscribeToken(A, unsubscribeToken(A, USER, 'value_returned'))).toEqual({ userId: USER, kind: 'value_returned' });
    expect(verifyUnsubscribeToken(A, unsubscribeToken(A, USER, 'reminder'))).toEqual({ userId: USER, kind: 'reminder' });
    // The daily digest's List-Unsubscribe names 'digest' (every kind the person has on the digest).
    expect(verifyUnsubscribeToken(A, unsubscribeToken(A, USER, 'digest'))).toEqual({ userId: USER, kind: 'digest' });
  });

  it('refuses a token signed with another key, a changed payload, a changed signature, extra parts or an unknown kind', () => {
    const token = unsubscribeToken(A, USER, 'mention');
    const [payload, sig] = token.split('.');
    expect(verifyUnsubscribeToken('b'.repeat(32), token)).toBeNull();
    expect(verifyUnsubscribeToken(DEVELOPMENT_UNSUBSCRIBE_SECRET, token)).toBeNull();
    expect(verifyUnsubscribeToken(A, `${Buffer.from(`${USER}:value_approved`).toString('base64url')}.${sig}`)).toBeNull();
    expect(verifyUnsubscribeToken(A, `${payload}.${sig!.slice(0, -1)}${sig!.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(verifyUnsubscribeToken(A, `${payload}`)).toBeNull();
    expect(verifyUnsubscribeToken(A, `${token}.x`)).toBeNull();
    const unknown = Buffer.from(`${USER}:birthday`).toString('base64url');
    const sign = unsubscribeToken(A, USER, 'mention').split('.')[1];
    expect(verifyUnsubscribeToken(A, `${unknown}.${sign}`)).toBeNull();
  });
});
