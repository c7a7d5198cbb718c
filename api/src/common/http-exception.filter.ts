import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
import type { ErrorBody, ErrorDetail } from '@constellation/shared';
import type { FastifyReply } from 'fastify';
import bytes from 'bytes';
import { STATUS_CODES } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** Every error leaves the api as {statusCode, error, message, details}. Never a stack trace. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  /** The JSON body limit in bytes, named in 413 answers. */
  private readonly bodyLimit: number | null;

  constructor(@Optional() @Inject(APP_CONFIG) config?: AppConfig) {
    this.bodyLimit = config ? bytes.parse(config.bodyLimit) : null;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (reply.sent || reply.raw.headersSent) return;
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const resp = exception.getResponse();
      let message = exception.message;
      let details: ErrorDetail[] = [];
      if (typeof resp === 'object' && resp !== null) {
        const r = resp as { message?: unknown; details?: unknown };
        if (typeof r.message === 'string') message = r.message;
        else if (Array.isArray(r.message)) message = r.message.join('; ');
        if (Array.isArray(r.details)) details = r.details as ErrorDetail[];
      } else if (typeof resp === 'string') message = resp;
      return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, details };
    }
    // Errors Fastify raises while reading a body, before a route runs.
    const e = exception as { code?: string; status?: number; statusCode?: number };
    if (e && e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return {
        statusCode: HttpStatus.PAYLOAD_TOO_LARGE,
        error: 'Payload Too Large',
        message: this.bodyLimit ? `The request body is larger than the limit of ${bytes.format(this.bodyLimit)} (${this.bodyLimit} bytes)` : 'The request body is larger than the server accepts',
        details: [],
      };
    }
    if (e && e.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return { statusCode: 400, error: 'Bad Request', message: 'The request body is not as long as its Content-Length header says', details: [] };
    }
    if (e && e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return { statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON', details: [] };
    }
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: STATUS_CODES[status] ?? 'Bad request', details: [] };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side', details: [] };
  }
}
