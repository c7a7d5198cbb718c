import { emailJobSchema, JOBS } from '@constellation/shared';
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { createHandlers } from './handlers';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { assertComplete, createProcessor, missingHandlers, RegistryError } from './registry';

const noop = async () => undefined;
const fakeJob = (name: string, data: unknown) => ({ id: '1', name, data, attemptsMade: 0 }) as unknown as Job;

describe('handler registry', () => {
  it('the real registry has a handler for every job in shared JOBS', () => {
    const { registry } = createHandlers(loadConfig({}), createLogger({ logLevel: 'silent' }));
    expect(missingHandlers(registry)).toEqual([]);
    expect(() => assertComplete(registry)).not.toThrow();
    // And JOBS really declares something, so the check above cannot pass vacuously.
    expect(Object.keys(JOBS.email)).toContain('send');
  });

  it('names every job without a handler', () => {
    const jobs = {
      email: { send: emailJobSchema },
      rollups: { recompute: z.object({}), rebuild: z.object({}) },
    };
    expect(missingHandlers({ email: { send: noop }, rollups: { recompute: noop } }, jobs)).toEqual([
      'rollups/rebuild',
    ]);
    expect(missingHandlers({}, jobs)).toEqual(['email/send', 'rollups/recompute', 'rollups/rebuild']);
  });

  it('counts a non-function as missing', () => {
    const rollups = { period: async () => null, rebuild: async () => null, reconcile: async () => null };
    const imports = { validate: async () => null, commit: async () => null };
    const reminders = { run: async () => null };
    expect(missingHandlers({ email: { send: 'oops', digest: async () => null }, rollups, imports, reminders })).toEqual(['email/send']);
  });

  it('refuses to start with a clear message when a job has no handler', () => {
    expect(() => assertComplete({ email: {} })).toThrow(RegistryError);
    expect(() => assertComplete({ email: {} })).toThrow(/no handler for email\/send/);
  });
});

describe('processor', () => {
  const valid = { to: 'ana@example.org', subject: 'Hi', text: 'Hello', kind: 'test' };

  it('validates the payload and passes the parsed data to the handler', async () => {
    const handler = jest.fn(async () => 'done');
    const run = createProcessor('email', { send: handler });
    await expect(run(fakeJob('send', valid))).resolves.toBe('done');
    expect(handler).toHaveBeenCalledWith(valid, expect.objectContaining({ name: 'send' }));
  });

  it('fails an invalid payload without retry, naming the field', async () => {
    const handler = jest.fn(noop);
    const run = createProcessor('email', { send: handler });
    const err = await run(fakeJob('send', { ...valid, to: 'not-an-email' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toMatch(/^Invalid email\/send payload: to:/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects unknown fields (strict schema) and unknown job names without retry', async () => {
    const run = createProcessor('email', { send: noop });
    await expect(run(fakeJob('send', { ...valid, extra: 1 }))).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(run(fakeJob('nope', valid))).rejects.toThrow(/Unknown job "nope" on queue "email"/);
  });

  it('lets handler errors through so BullMQ retries them', async () => {
    const run = createProcessor('email', {
      send: async () => {
        throw new Error('smtp down');
      },
    });
    const err = await run(fakeJob('send', valid)).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toBe('smtp down');
  });
});
