import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express, NextFunction, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { SESSION_COOKIE, SessionsService } from '../access/sessions.service';
import { OpsQueues } from './ops-queues';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

const refuse = (res: Response, statusCode: number, message: string) =>
  res.status(statusCode).json({ statusCode, error: statusCode === 401 ? 'Unauthorized' : 'Forbidden', message, details: [] });

/**
 * The queue dashboard (Bull Board) for platform operators, mounted as plain Express middleware
 * (so it is not in the Nest route inventory; its access is tested on its own): a signed-in
 * person whose email is in ADMIN_EMAILS. Anonymous → 401, anyone else → 403. Writes (retry,
 * clean…) also need a same-origin request; the session cookie is SameSite=Lax.
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

  /** Runs after Nest registered its routes and before its not-found handler. */
  onModuleInit(): void {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    // @bull-board/express pins its own copy of @bull-board/api: same shape, separate declarations.
    const server = serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
    createBullBoard({ queues: this.queues.all.map((q) => new BullMQAdapter(q)), serverAdapter: server });
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.use(QUEUE_DASHBOARD_PATH, (req, res, next) => void this.gate(req, res, next), serverAdapter.getRouter() as Express);
  }

  private async gate(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      const active = token ? await this.sessions.resolve(token) : null;
      if (!active) return void refuse(res, 401, 'Please sign in to continue');
      if (!this.config.adminEmails.includes(active.user.email.toLowerCase())) {
        return void refuse(res, 403, 'The queue dashboard is for platform operators only');
      }
      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== new URL(this.config.publicUrl).origin) {
          return void refuse(res, 403, 'Queue actions must come from this site');
        }
      }
      next();
    } catch (err) {
      this.logger.error(`queue dashboard gate: ${(err as Error).message}`);
      next(err);
    }
  }
}
