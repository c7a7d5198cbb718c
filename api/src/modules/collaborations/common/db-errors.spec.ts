import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { isUniqueViolation, translateDbError } from './db-errors';

const pg = (code: string, constraint?: string) =>
  new QueryFailedError('SQL', [], Object.assign(new Error('pg'), { code, constraint }));

function statusOf(err: unknown, unique = {}): { status: number; body: unknown } {
  try {
    translateDbError(err, unique);
  } catch (e) {
    if (e instanceof HttpException) return { status: e.getStatus(), body: e.getResponse() };
    throw e;
  }
  throw new Error('translateDbError returned');
}

describe('translateDbError', () => {
  it('names the field of a known unique constraint', () => {
    const unique = { collaborations_slug_key: { path: 'slug', message: 'Slug taken' } };
    expect(statusOf(pg('23505', 'collaborations_slug_key'), unique)).toEqual({
      status: 409,
      body: { message: 'Slug taken', details: [{ path: 'slug', message: 'is already taken' }] },
    });
    expect(statusOf(pg('23505', 'other_key')).status).toBe(409);
  });

  it.each([
    ['23503', 409],
    ['23514', 400],
    ['22001', 400],
    ['22008', 400],
    ['22021', 400],
    ['22P05', 400],
    ['40001', 409],
  ])('maps %s to %i', (code, status) => {
    expect(statusOf(pg(code)).status).toBe(status);
  });

  it('rethrows anything else unchanged', () => {
    const other = new Error('boom');
    expect(() => translateDbError(other)).toThrow(other);
    const connection = pg('08006');
    expect(() => translateDbError(connection)).toThrow(connection);
  });

  it('recognises unique violations by constraint', () => {
    expect(isUniqueViolation(pg('23505', 'a'), 'a')).toBe(true);
    expect(isUniqueViolation(pg('23505', 'a'), 'b')).toBe(false);
    expect(isUniqueViolation(new Error('x'))).toBe(false);
  });
});
