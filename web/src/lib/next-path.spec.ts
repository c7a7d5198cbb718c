import { safeNext, withNext } from './next-path';

describe('safeNext', () => {
  it('keeps paths inside the app and refuses anything that could leave it', () => {
    expect(safeNext('/invitations/abc')).toBe('/invitations/abc');
    expect(safeNext('/collaborations/1/partners?tab=members')).toBe('/collaborations/1/partners?tab=members');
    for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      expect(safeNext(bad)).toBe('/');
    }
  });
});

describe('withNext', () => {
  it('builds links that come back to where the person was', () => {
    expect(withNext('/sign-in', '/invitations/abc')).toBe('/sign-in?next=%2Finvitations%2Fabc');
    expect(withNext('/sign-up', '/invitations/abc', { email: 'jo@example.org' })).toBe(
      '/sign-up?email=jo%40example.org&next=%2Finvitations%2Fabc',
    );
    expect(withNext('/sign-in', '/')).toBe('/sign-in');
  });
});
