import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ErrorBody, ErrorDetail } from '@constellation/shared';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';

/** Every error leaves the api as {statusCode, error, message, details}. Never a stack trace. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
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
    // Errors raised by body-parser before a route runs.
    const e = exception as { type?: string; status?: number; statusCode?: number; limit?: number };
    if (e && e.type === 'entity.too.large') {
      return {
        statusCode: HttpStatus.PAYLOAD_TOO_LARGE,
        error: 'Payload Too Large',
        message: `The request body is larger than the limit of ${e.limit ?? 'the server'} bytes`,
        details: [],
      };
    }
    if (e && (e.type === 'entity.parse.failed' || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')) {
      return { statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON', details: [] };
    }
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: STATUS_CODES[status] ?? 'Bad request', details: [] };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side', details: [] };
  }
}
