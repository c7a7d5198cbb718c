import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type Observable, catchError, throwError } from 'rxjs';
import { TooManyAttempts } from './attempt-limiter';

/** Adds `Retry-After: <seconds>` to 429 answers raised by the attempt limiter. */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (err instanceof TooManyAttempts) {
          const reply = context.switchToHttp().getResponse<FastifyReply>();
          if (!reply.sent) void reply.header('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
        }
        return throwError(() => err);
      }),
    );
  }
}
