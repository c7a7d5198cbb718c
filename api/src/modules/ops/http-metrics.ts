import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsService } from './metrics.service';

/**
 * Times every request (from its arrival to its answer being sent); labels by the matched route
 * pattern (never the raw URL, to bound cardinality), or `unmatched`.
 */
export function timeRequests(instance: FastifyInstance, metrics: MetricsService): void {
  instance.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    metrics.httpDuration.observe(
      { method: req.method, route: req.is404 ? 'unmatched' : (req.routeOptions.url ?? 'unmatched'), status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
