import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { OpsQueues } from './ops-queues';
import { QueueDashboard } from './queue-dashboard';

/** Operations: Prometheus metrics at /api/metrics and the queue dashboard at /api/admin/queues. */
@Module({
  controllers: [MetricsController],
  providers: [OpsQueues, MetricsService, HttpMetricsMiddleware, QueueDashboard],
})
export class OpsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
