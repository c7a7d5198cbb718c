import { DEVELOPMENT_UNSUBSCRIBE_SECRET } from '@constellation/shared/node';
import { ConfigError, describeUrl, loadConfig } from './config';

describe('worker config', () => {
  it('has defaults that work on a developer machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: '{constellation}',
      smtpUrl: undefined,
      mailFrom: 'Constellation <no-reply@constellation.local>',
      logLevel: 'info',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/constellation',
      concurrency: 5,
      shutdownTimeoutMs: 25000,
      reconcileIntervalMinutes: 60,
      reconcileRepair: false,
    });
  });

  it('parses the reconciliation settings and names bad ones', () => {
    expect(loadConfig({ RECONCILE_INTERVAL_MINUTES: '0', RECONCILE_REPAIR: 'yes' })).toMatchObject({
      reconcileIntervalMinutes: 0,
      reconcileRepair: true,
    });
    expect(() => loadConfig({ RECONCILE_INTERVAL_MINUTES: '1.5' })).toThrow(/RECONCILE_INTERVAL_MINUTES: must be a whole number/);
    expect(() => loadConfig({ RECONCILE_INTERVAL_MINUTES: '-1' })).toThrow(/RECONCILE_INTERVAL_MINUTES: must be 0 \(off\) or more/);
    expect(() => loadConfig({ RECONCILE_REPAIR: 'maybe' })).toThrow(/RECONCILE_REPAIR: must be true or false/);
  });

  it('parses the digest settings and names bad ones', () => {
    expect(loadConfig({})).toMatchObject({ digestIntervalMinutes: 15, publicUrl: 'http://localhost:3000' });
    const secret = 'x'.repeat(32);
    expect(loadConfig({ DIGEST_INTERVAL_MINUTES: '0', PUBLIC_URL: 'https://impact.example.org/', UNSUBSCRIBE_SECRET: secret })).toMatchObject({
      digestIntervalMinutes: 0,
      publicUrl: 'https://impact.example.org',
      unsubscribeSecret: secret,
    });
    expect(() => loadConfig({ DIGEST_INTERVAL_MINUTES: '2000' })).toThrow(/DIGEST_INTERVAL_MINUTES: must be at most 1440/);
    expect(() => loadConfig({ UNSUBSCRIBE_SECRET: 'short' })).toThrow(/UNSUBSCRIBE_SECRET: must be at least 32 characters/);
  });

  it('parses the lost email job delay and names bad ones', () => {
    expect(loadConfig({}).notificationEmail.lostAfterMinutes).toBe(10);
    expect(loadConfig({ NOTIFICATION_EMAIL_LOST_AFTER_MINUTES: '30' }).notificationEmail.lostAfterMinutes).toBe(30);
    expect(() => loadConfig({ NOTIFICATION_EMAIL_LOST_AFTER_MINUTES: '0' })).toThrow(/NOTIFICATION_EMAIL_LOST_AFTER_MINUTES: must be at least 1/);
    expect(() => loadConfig({ NOTIFICATION_EMAIL_LOST_AFTER_MINUTES: '2.5' })).toThrow(/NOTIFICATION_EMAIL_LOST_AFTER_MINUTES: must be a whole number of minutes/);
    expect(() => loadConfig({ NOTIFICATION_EMAIL_LOST_AFTER_MINUTES: '20000' })).toThrow(/NOTIFICATION_EMAIL_LOST_AFTER_MINUTES: must be at most 10080/);
  });

  it('treats an empty SMTP_URL as unset and parses numbers', () => {
    const c = loadConfig({ SMTP_URL: '', WORKER_CONCURRENCY: '12', SHUTDOWN_TIMEOUT_SECONDS: '3' });
    expect(c.smtpUrl).toBeUndefined();
    expect(c.concurrency).toBe(12);
    expect(c.shutdownTimeoutMs).toBe(3000);
  });

  it('shares the unsubscribe key with the api: a fixed development key when unset, required in production', () => {
    expect(loadConfig({}).unsubscribeSecret).toBe(DEVELOPMENT_UNSUBSCRIBE_SECRET);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/UNSUBSCRIBE_SECRET: is required in production/);
    const c = loadConfig({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://c.example.org/' });
    expect(c).toMatchObject({ unsubscribeSecret: 'x'.repeat(32), publicUrl: 'https://c.example.org', reminderIntervalMinutes: 15 });
    expect(() => loadConfig({ UNSUBSCRIBE_SECRET: 'short' })).toThrow(/UNSUBSCRIBE_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ REMINDER_INTERVAL_MINUTES: '-1' })).toThrow(/REMINDER_INTERVAL_MINUTES: must be 0 \(off\) or more/);
  });

  it('names every invalid variable', () => {
    const load = () =>
      loadConfig({ REDIS_URL: 'localhost:6379', SMTP_URL: 'mailpit:1025', WORKER_CONCURRENCY: '0' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/REDIS_URL: .*\n.*SMTP_URL: .*\n.*WORKER_CONCURRENCY/);
  });

  it('describes URLs without credentials', () => {
    expect(describeUrl('smtp://user:secret@mail.example.org:2525')).toBe('mail.example.org:2525');
    expect(describeUrl('smtps://user:secret@mail.example.org')).toBe('mail.example.org:465');
    expect(describeUrl('redis://:pw@redis')).toBe('redis:6379');
  });
});
