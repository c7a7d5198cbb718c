import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError, ValidationFailed } from '../../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { queryOne, queryRows } from '../../collaborations/common/sql';

export interface IdempotencyRequest {
  /** The Idempotency-Key header, if sent. */
  key: string | undefined;
  /** 'user:<id>' or 'token:<id>'. */
  actor: string;
  method: string;
  path: string;
  body: unknown;
}

type Claim = { kind: 'fresh'; hash: string } | { kind: 'replay'; response: unknown } | { kind: 'none' };

const KEY = /^[\x21-\x7e]{1,200}$/;

/** Stable JSON (sorted keys), so the same body hashes the same whatever the key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency-Key on POST writes. The key is claimed FIRST in the write's own transaction
 * (INSERT … ON CONFLICT DO NOTHING): a concurrent retry with the same key waits on that row and
 * then replays the stored answer; the answer is stored before the transaction commits, so the
 * write and its key commit (or roll back) together. Failed requests store nothing.
 * Keys expire after IDEMPOTENCY_TTL_HOURS: an expired key is forgotten (it may be used again), and
 * each fresh claim deletes the same actor's expired keys (the primary key's actor prefix finds them).
 */
@Injectable()
export class IdempotencyService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async run<T>(m: EntityManager, req: IdempotencyRequest, work: () => Promise<T>): Promise<T> {
    const claim = await this.claim(m, req);
    if (claim.kind === 'replay') return claim.response as T;
    const result = await work();
    if (claim.kind === 'fresh') {
      await m.query(
        `UPDATE idempotency_keys SET status_code = 200, response = $3 WHERE actor = $1 AND key = $2`,
        [req.actor, req.key, JSON.stringify(result)],
      );
    }
    return result;
  }

  private async claim(m: EntityManager, req: IdempotencyRequest): Promise<Claim> {
    if (req.key === undefined) return { kind: 'none' };
    if (!KEY.test(req.key)) {
      throw new ValidationFailed([
        { path: 'headers.idempotency-key', message: 'must be 1 to 200 visible ASCII characters' },
      ]);
    }
    const hash = createHash('sha256')
      .update(`${req.method} ${req.path}\n${stable(req.body)}`)
      .digest('hex');
    await m.query(
      `DELETE FROM idempotency_keys WHERE actor = $1 AND created_at < now() - make_interval(hours => $2)`,
      [req.actor, this.config.idempotencyTtlHours],
    );
    const inserted = await queryRows(
      m,
      `INSERT INTO idempotency_keys (actor, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (actor, key) DO NOTHING RETURNING key`,
      [req.actor, req.key, req.method, req.path, hash],
    );
    if (inserted.length > 0) return { kind: 'fresh', hash };
    const stored = await queryOne<{ requestHash: string; response: unknown; method: string; path: string }>(
      m,
      `SELECT request_hash AS "requestHash", response, method, path FROM idempotency_keys WHERE actor = $1 AND key = $2`,
      [req.actor, req.key],
    );
    if (!stored || stored.requestHash !== hash) {
      throw new AppError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'This Idempotency-Key was already used for a different request; use a new key for a new request',
        [
          {
            path: 'headers.idempotency-key',
            message: `was used for ${stored?.method ?? 'another'} ${stored?.path ?? 'request'} with a different body`,
          },
        ],
      );
    }
    return { kind: 'replay', response: stored.response };
  }
}
