import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorDetail } from '@constellation/shared';

/** 400 with field-path details. */
export class ValidationFailed extends HttpException {
  constructor(
    public readonly details: ErrorDetail[],
    message = 'The request has invalid fields: ' + details.map((d) => (d.path ? `${d.path} ${d.message}` : d.message)).join('; '),
  ) {
    super({ message, details }, HttpStatus.BAD_REQUEST);
  }
}

/** Raise an error with the standard body and optional details. */
export class AppError extends HttpException {
  constructor(status: number, message: string, details: ErrorDetail[] = []) {
    super({ message, details }, status);
  }
}

export const notFound = (what = 'Not found') => new AppError(HttpStatus.NOT_FOUND, what);
export const conflict = (message: string, details: ErrorDetail[] = []) => new AppError(HttpStatus.CONFLICT, message, details);
export const forbidden = (message = 'You do not have permission to do this') => new AppError(HttpStatus.FORBIDDEN, message);
export const badRequest = (message: string, details: ErrorDetail[] = []) => new AppError(HttpStatus.BAD_REQUEST, message, details);
export const gone = (message: string) => new AppError(HttpStatus.GONE, message);
