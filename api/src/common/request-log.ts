/** The request as pino-http's standard serializer presents it to a custom one. */
interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
  headers?: Record<string, unknown>;
}

/**
 * What a request log line (pino-http) says of the request: its id, method, URL (path and query) and
 * the client address. Never its headers: cookies, the CSRF token and bearer tokens stay out of the
 * logs without a redaction pass on every request.
 */
export function requestLogFields(req: SerializedRequest) {
  return { id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress };
}

/** What a request log line says of the response: its status (never its headers: Set-Cookie). */
export function responseLogFields(res: { statusCode?: number; headers?: Record<string, unknown> }) {
  return { statusCode: res.statusCode };
}
