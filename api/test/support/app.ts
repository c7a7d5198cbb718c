import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp, initApp } from '../../src/bootstrap';
import { type AppConfig, loadConfig } from '../../src/config/config';
import { freshDatabase } from './db';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dbUrl: string;
  /** A supertest agent that keeps cookies and sends the CSRF header on writes. */
  agent: () => Agent;
  close: () => Promise<void>;
}

/** Start the real api against a fresh database and a random queue prefix. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await freshDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `{test-${randomBytes(4).toString('hex')}}`,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    WEB_DIST: '/nonexistent',
    // Suites sign up many people from one address; the limit itself is tested with its own value.
    SIGNUP_MAX_PER_IP: '100000',
    ...env,
  });
  const app = await initApp(await createApp(config, { logger: false }));
  return {
    app,
    config,
    dbUrl: db.url,
    agent: () => new Agent(app),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** Cookie-keeping client that sends X-CSRF-Token on writes, as the web app does. */
export class Agent {
  readonly http: TestAgent;
  csrf: string | null = null;

  constructor(app: NestFastifyApplication) {
    this.http = request.agent(app.getHttpServer());
  }

  private capture(res: request.Response) {
    const setCookie = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const c of setCookie ?? []) {
      const m = /^constellation_csrf=([^;]*)/.exec(c);
      if (m) this.csrf = m[1] ? decodeURIComponent(m[1]) : null;
    }
    return res;
  }

  get(url: string) {
    return this.http.get(url);
  }
  /** A download read whole as a Buffer in `body` (XLSX files). */
  getBinary(url: string) {
    return this.http
      .get(url)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  }
  async post(url: string, body?: object) {
    return this.capture(
      await this.http
        .post(url)
        .set('x-csrf-token', this.csrf ?? '')
        .send(body ?? {}),
    );
  }
  async put(url: string, body?: object) {
    return this.capture(
      await this.http
        .put(url)
        .set('x-csrf-token', this.csrf ?? '')
        .send(body ?? {}),
    );
  }
  async patch(url: string, body?: object) {
    return this.capture(
      await this.http
        .patch(url)
        .set('x-csrf-token', this.csrf ?? '')
        .send(body ?? {}),
    );
  }
  async delete(url: string) {
    return this.capture(await this.http.delete(url).set('x-csrf-token', this.csrf ?? ''));
  }
}
