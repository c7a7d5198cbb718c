import { createLogger } from '../src/logger';
import { PreflightError } from '../src/preflight';
import { RegistryError } from '../src/registry';
import { startWorker } from '../src/worker';
import { closedPort, emailQueue, testConfig, until, waitForState } from './support';

const logger = createLogger({ logLevel: 'silent' });
const email = { to: 'ana@example.org', subject: 'Hello', text: 'Hello', kind: 'test' };

describe('worker lifecycle', () => {
  it('refuses to start when a job has no handler', async () => {
    await expect(startWorker(testConfig(), { logger, registry: { email: {} } })).rejects.toThrow(
      RegistryError,
    );
  });

  it('says in one sentence that Redis cannot be reached', async () => {
    const port = await closedPort();
    const err = await startWorker(testConfig({ REDIS_URL: `redis://127.0.0.1:${port}` }), { logger }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as Error).message).toBe(
      `Cannot reach Redis at 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). Start Redis (redis-server) or set REDIS_URL.`,
    );
  });

  it('on close, finishes the running job before letting go of Redis', async () => {
    const config = testConfig();
    let started = false;
    const runtime = await startWorker(config, {
      logger,
      registry: {
        email: {
          send: async () => {
            started = true;
            await new Promise((r) => setTimeout(r, 400));
            return 'finished';
          },
          digest: async () => null,
        },
      },
    });
    const producer = emailQueue(config);
    try {
      const job = await producer.queue.add('send', email);
      await until(() => started);
      await runtime.close();
      const done = await waitForState(producer.queue, job.id!, ['completed', 'failed'], 2000);
      expect(await done.getState()).toBe('completed');
      expect(done.returnvalue).toBe('finished');
      expect(runtime.workers.every((w) => !w.isRunning())).toBe(true);
    } finally {
      await runtime.close();
      await producer.close();
    }
  });
});
