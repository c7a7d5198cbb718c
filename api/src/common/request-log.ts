import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/** What a request log line says of the request. */
interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  ip?: string;
}

/**
 * What a request log line says of the request: its id, method, URL (path and query) and the
 * client address. Never its headers: cookies, the CSRF token and bearer tokens stay out of the
 * logs without a redaction pass on every request.
 */
export function requestLogFields(req: LoggedRequest) {
  return { id: req.id, method: req.method, url: req.url, remoteAddress: req.ip };
}

/** What a request log line says of the response: its status (never its headers: Set-Cookie). */
export function responseLogFields(res: { statusCode?: number }) {
  return { statusCode: res.statusCode };
}

/** The api's pino options: the level, and the request and response serializers above. */
export function pinoOptions(level: string): LoggerOptions {
  return { level, serializers: { req: requestLogFields, res: responseLogFields } };
}

/**
 * One log line per answered request (never for the health probe), through the request's own
 * logger (which carries its id): request, status and time taken in milliseconds.
 */
export function logRequests(instance: FastifyInstance): void {
  instance.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (req.url !== '/api/health') req.log.info({ req, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    done();
  });
}
