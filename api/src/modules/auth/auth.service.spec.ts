import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/request-context';
import type { AppConfig } from '../../config/config';
import type { UserEntity } from '../../database/entities';
import type { SessionsService } from '../access/sessions.service';
import type { AuditService } from '../audit/audit.service';
import { type AttemptLimiter, TooManyAttempts } from './attempt-limiter';
import type { AuthRepository } from './auth.repository';
import { AuthService, INCORRECT_CREDENTIALS } from './auth.service';
import type { PasswordHasher } from './passwords';
import type { UsersRepository } from './users.repository';

const config = {
  signIn: { maxPerAccount: 5, maxPerIp: 30, windowSeconds: 900 },
  signUp: { maxPerIp: 10, windowSeconds: 3600 },
} as AppConfig;
const ctx: RequestContext = {
  user: null,
  member: null,
  ip: '203.0.113.9',
  userAgent: 'jest',
  requestId: 'r1',
};
const user = {
  id: 'u1',
  email: 'ada@example.org',
  name: 'Ada',
  passwordHash: '$argon2id$stored',
} as UserEntity;

function setup(found: UserEntity | null, passwordOk: boolean) {
  const manager = {} as EntityManager;
  const ds = {
    transaction: jest.fn(async (fn: (m: EntityManager) => unknown) => fn(manager)),
  } as unknown as DataSource;
  const users = {
    findByEmail: jest.fn(async () => found),
    insert: jest.fn(),
  } as unknown as jest.Mocked<UsersRepository>;
  const repo = { deleteSession: jest.fn() } as unknown as jest.Mocked<AuthRepository>;
  const sessions = {
    create: jest.fn(async () => ({ token: 'tok', session: { csrfToken: 'csrf' } })),
    destroy: jest.fn(),
  } as unknown as jest.Mocked<SessionsService>;
  const audit = { record: jest.fn() } as unknown as jest.Mocked<AuditService>;
  const hasher = {
    hash: jest.fn(async () => '$argon2id$new'),
    verify: jest.fn(async () => passwordOk),
    verifyAgainstDummy: jest.fn(async () => false),
  } as unknown as jest.Mocked<PasswordHasher>;
  const limiter = {
    consume: jest.fn(),
    ensureBelow: jest.fn(),
    count: jest.fn(),
    clear: jest.fn(),
  } as unknown as jest.Mocked<AttemptLimiter>;
  const service = new AuthService(ds, config, users, repo, sessions, audit, hasher, limiter);
  return { service, users, sessions, audit, hasher, limiter, manager };
}

describe('AuthService.signIn', () => {
  it('signs in, clears the failure counter and audits success', async () => {
    const s = setup(user, true);
    const out = await s.service.signIn(ctx, { email: user.email, password: 'pw' }, 'oldhash');
    expect(out).toEqual({
      user: { id: 'u1', email: 'ada@example.org', name: 'Ada' },
      token: 'tok',
      csrfToken: 'csrf',
    });
    expect(s.limiter.consume).toHaveBeenCalledWith('signin-ip', '203.0.113.9', 30);
    expect(s.limiter.ensureBelow).toHaveBeenCalledWith('signin-account', user.email, 5);
    expect(s.limiter.clear).toHaveBeenCalledWith('signin-account', user.email);
    expect(s.limiter.count).not.toHaveBeenCalled();
    expect(s.sessions.destroy).toHaveBeenCalledWith('oldhash');
    expect(s.audit.record).toHaveBeenCalledWith(
      ctx,
      expect.objectContaining({ action: 'user.sign_in', entityId: 'u1' }),
    );
  });

  it('a wrong password: counts a failure, audits it denied, answers 401', async () => {
    const s = setup(user, false);
    await expect(s.service.signIn(ctx, { email: user.email, password: 'bad' })).rejects.toMatchObject({
      status: 401,
      message: INCORRECT_CREDENTIALS,
    });
    expect(s.limiter.count).toHaveBeenCalledWith('signin-account', user.email);
    expect(s.limiter.clear).not.toHaveBeenCalled();
    expect(s.sessions.create).not.toHaveBeenCalled();
    expect(s.audit.record).toHaveBeenCalledWith(
      ctx,
      expect.objectContaining({
        action: 'user.sign_in',
        outcome: 'denied',
        entityId: 'u1',
        after: { email: user.email, reason: 'wrong_password' },
      }),
    );
  });

  it('an unknown email: verifies against the dummy hash (same work) and answers the same 401', async () => {
    const s = setup(null, true);
    await expect(
      s.service.signIn(ctx, { email: 'nobody@example.org', password: 'pw' }),
    ).rejects.toMatchObject({
      status: 401,
      message: INCORRECT_CREDENTIALS,
    });
    expect(s.hasher.verifyAgainstDummy).toHaveBeenCalledWith('pw');
    expect(s.hasher.verify).not.toHaveBeenCalled();
    expect(s.limiter.count).toHaveBeenCalledWith('signin-account', 'nobody@example.org');
  });

  it('over a limit: refuses before looking at the password, and audits the refusal', async () => {
    const s = setup(user, true);
    s.limiter.ensureBelow.mockRejectedValueOnce(new TooManyAttempts('signin-account', 600));
    await expect(s.service.signIn(ctx, { email: user.email, password: 'pw' })).rejects.toBeInstanceOf(
      TooManyAttempts,
    );
    expect(s.users.findByEmail).not.toHaveBeenCalled();
    expect(s.hasher.verify).not.toHaveBeenCalled();
    expect(s.sessions.create).not.toHaveBeenCalled();
    expect(s.audit.record).toHaveBeenCalledWith(
      ctx,
      expect.objectContaining({ outcome: 'denied', after: { email: user.email, reason: 'rate_limited' } }),
    );
  });
});

describe('AuthService.signUp', () => {
  it('refuses a taken email with 409 naming email, before hashing', async () => {
    const s = setup(user, true);
    await expect(
      s.service.signUp(ctx, { email: user.email, name: 'Ada', password: 'long enough pw' }),
    ).rejects.toMatchObject({
      status: 409,
      response: { details: [{ path: 'email', message: 'is already registered' }] },
    });
    expect(s.hasher.hash).not.toHaveBeenCalled();
  });

  it('inserts and audits in one transaction (no password in the audit), then starts a session', async () => {
    const s = setup(null, true);
    s.users.insert.mockResolvedValueOnce({ ...user, passwordHash: '$argon2id$new' } as UserEntity);
    const out = await s.service.signUp(ctx, { email: user.email, name: 'Ada', password: 'long enough pw' });
    expect(s.users.insert).toHaveBeenCalledWith(s.manager, {
      email: user.email,
      name: 'Ada',
      passwordHash: '$argon2id$new',
    });
    expect(s.audit.record).toHaveBeenCalledWith(
      ctx,
      {
        action: 'user.sign_up',
        entity: 'user',
        entityId: 'u1',
        actorId: 'u1',
        after: { id: 'u1', email: user.email, name: 'Ada' },
      },
      s.manager,
    );
    expect(out.token).toBe('tok');
  });

  it('a unique violation under a race becomes the same 409', async () => {
    const s = setup(null, true);
    s.users.insert.mockResolvedValueOnce(null);
    await expect(
      s.service.signUp(ctx, { email: user.email, name: 'Ada', password: 'long enough pw' }),
    ).rejects.toMatchObject({ status: 409 });
    expect(s.audit.record).not.toHaveBeenCalled();
    expect(s.sessions.create).not.toHaveBeenCalled();
  });
});
