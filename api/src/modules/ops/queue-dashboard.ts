import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { SESSION_COOKIE, SessionsService } from '../access/sessions.service';
import { OpsQueues } from './ops-queues';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

const refuse = (reply: FastifyReply, statusCode: number, message: string) =>
  reply.code(statusCode).send({ statusCode, error: statusCode === 401 ? 'Unauthorized' : 'Forbidden', message, details: [] });

/**
 * The queue dashboard (Bull Board) for platform operators, mounted as a Fastify plugin (so it is
 * not in the Nest route inventory; its access is tested on its own): a signed-in person whose
 * email is in ADMIN_EMAILS. Anonymous → 401, anyone else → 403. Writes (retry, clean…) also need
 * a same-origin request; the session cookie is SameSite=Lax.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger('QueueDashboard');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly sessions: SessionsService,
    private readonly queues: OpsQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    // @bull-board/fastify pins its own copy of @bull-board/api: same shape, separate declarations.
    const server = serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
    createBullBoard({ queues: this.queues.all.map((q) => new BullMQAdapter(q)), serverAdapter: server });
    const instance = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void instance.register(
      async (scope) => {
        scope.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply) => this.gate(req, reply));
        await scope.register(serverAdapter.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_PATH },
    );
  }

  /** Answers the refusal (ending the request there), or nothing to let the request through. */
  private async gate(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    try {
      const token = req.cookies[SESSION_COOKIE];
      const active = token ? await this.sessions.resolve(token) : null;
      if (!active) return refuse(reply, 401, 'Please sign in to continue');
      if (!this.config.adminEmails.includes(active.user.email.toLowerCase())) {
        return refuse(reply, 403, 'The queue dashboard is for platform operators only');
      }
      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== new URL(this.config.publicUrl).origin) {
          return refuse(reply, 403, 'Queue actions must come from this site');
        }
      }
      return undefined;
    } catch (err) {
      this.logger.error(`queue dashboard gate: ${(err as Error).message}`);
      throw err;
    }
  }
}
