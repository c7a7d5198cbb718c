import { HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError } from '../../../common/errors';

interface PgError {
  code?: string;
  constraint?: string;
}

/** The PostgreSQL error behind a TypeORM error, if any. */
export function pgError(err: unknown): PgError | null {
  if (err instanceof QueryFailedError) return err.driverError as PgError;
  return null;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const pg = pgError(err);
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

/** Unique constraints whose violation names a request field: constraint name → field path and sentence. */
export type UniqueFields = Record<string, { path: string; message: string }>;

/**
 * Turn database errors caused by the request's content into 4xx answers, so that bad input
 * never becomes a 500. Anything else is rethrown unchanged (and is a 500, as it should be).
 */
export function translateDbError(err: unknown, unique: UniqueFields = {}): never {
  const pg = pgError(err);
  if (!pg?.code) throw err;
  const code = pg.code;
  if (code === '23505') {
    const field = pg.constraint ? unique[pg.constraint] : undefined;
    if (field)
      throw new AppError(HttpStatus.CONFLICT, field.message, [
        { path: field.path, message: 'is already taken' },
      ]);
    throw new AppError(HttpStatus.CONFLICT, 'This conflicts with something that already exists');
  }
  if (code === '23503') {
    throw new AppError(
      HttpStatus.CONFLICT,
      'This is still used elsewhere, or refers to something that no longer exists',
    );
  }
  if (code === '23514' || code === '23502' || code === '22001' || code === '22003') {
    throw new AppError(HttpStatus.BAD_REQUEST, 'A value is outside what can be stored');
  }
  if (code === '22007' || code === '22008') {
    throw new AppError(HttpStatus.BAD_REQUEST, 'A date is outside what can be stored');
  }
  if (code === '22021' || code === '22P05' || code === '22P02') {
    throw new AppError(
      HttpStatus.BAD_REQUEST,
      'The request contains characters that cannot be stored (such as a NUL character)',
    );
  }
  if (code === '40001' || code === '40P01') {
    throw new AppError(HttpStatus.CONFLICT, 'Someone else changed this at the same moment; please try again');
  }
  throw err;
}
