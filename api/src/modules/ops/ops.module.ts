import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { timeRequests } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { OpsQueues } from './ops-queues';
import { QueueDashboard } from './queue-dashboard';

/** Operations: Prometheus metrics at /api/metrics and the queue dashboard at /api/admin/queues. */
@Module({
  controllers: [MetricsController],
  providers: [OpsQueues, MetricsService, QueueDashboard],
})
export class OpsModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    timeRequests(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), this.metrics);
  }
}
