import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../../common/access.decorators';
import { AppError } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MetricsService } from './metrics.service';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Prometheus scrape endpoint. Public to the session guard (a scraper has no session), protected
 * instead by METRICS_TOKEN when it is configured: `Authorization: Bearer <METRICS_TOKEN>`.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  async scrape(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const expected = this.config.metricsToken;
    if (expected) {
      const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (!m?.[1] || !timingSafeEqual(digest(m[1]), digest(expected))) {
        void reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new AppError(HttpStatus.UNAUTHORIZED, 'The metrics need the bearer token configured in METRICS_TOKEN');
      }
    }
    const body = await this.metrics.registry.metrics();
    await reply.code(200).type(this.metrics.registry.contentType).send(body);
  }
}
