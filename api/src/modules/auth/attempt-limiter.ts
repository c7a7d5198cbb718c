import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppError } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/config';

/** A fixed-window counter: how many hits so far, and when the window closes. */
export interface Counter {
  count: number;
  /** Seconds until the window closes (0 when no window is open). */
  resetInSeconds: number;
}

/** Where counters live (Redis in the app, a map in unit tests). */
export interface CounterStore {
  /** Add one; opens a window of `windowSeconds` when none is open. */
  increment(key: string, windowSeconds: number): Promise<Counter>;
  get(key: string): Promise<Counter>;
  reset(key: string): Promise<void>;
}
export const COUNTER_STORE = Symbol('COUNTER_STORE');

/** What is being counted. Each has its own counters, so limits do not interfere. */
export type LimitScope =
  'signin-account' | 'signin-ip' | 'signup-ip' | 'reset-account' | 'reset-ip' | 'reset-confirm-ip';

const WHAT: Record<LimitScope, string> = {
  'signin-account': 'Too many failed sign-in attempts for this account',
  'signin-ip': 'Too many sign-in attempts from your network',
  'signup-ip': 'Too many accounts created from your network',
  'reset-account': 'Too many password reset requests for this email address',
  'reset-ip': 'Too many password reset requests from your network',
  'reset-confirm-ip': 'Too many password reset attempts from your network',
};

/** "15 minutes", "1 minute", "40 seconds": for the sentence a person reads. */
export function humanDuration(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.ceil(m / 60);
  return `${h} hour${h === 1 ? '' : 's'}`;
}

/** 429 with the seconds to wait; the controller turns it into a Retry-After header. */
export class TooManyAttempts extends AppError {
  constructor(
    readonly scope: LimitScope,
    readonly retryAfterSeconds: number,
  ) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      `${WHAT[scope]}. Please try again in ${humanDuration(retryAfterSeconds)}.`,
    );
  }
}

/**
 * Counts attempts per scope and subject (an email, an IP) in fixed windows and refuses
 * once a limit is reached. Subjects are hashed before they become keys (no emails in Redis).
 */
@Injectable()
export class AttemptLimiter {
  constructor(
    @Inject(COUNTER_STORE) private readonly store: CounterStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  key(scope: LimitScope, subject: string): string {
    const digest = createHash('sha256').update(subject.toLowerCase()).digest('hex').slice(0, 32);
    return `${this.config.queuePrefix}:ratelimit:${scope}:${digest}`;
  }

  get windowSeconds(): number {
    return this.config.signIn.windowSeconds;
  }

  /** Count this attempt, then refuse it if it is over the limit (the `max`-th attempt passes). */
  async consume(
    scope: LimitScope,
    subject: string,
    max: number,
    windowSeconds = this.windowSeconds,
  ): Promise<void> {
    const c = await this.store.increment(this.key(scope, subject), windowSeconds);
    if (c.count > max) throw new TooManyAttempts(scope, c.resetInSeconds || windowSeconds);
  }

  /** Refuse without counting when `max` attempts have already been counted (e.g. failures). */
  async ensureBelow(scope: LimitScope, subject: string, max: number): Promise<void> {
    const c = await this.store.get(this.key(scope, subject));
    if (c.count >= max) throw new TooManyAttempts(scope, c.resetInSeconds || this.windowSeconds);
  }

  /** Count an attempt without deciding anything now (a failed password, counted for later). */
  async count(scope: LimitScope, subject: string): Promise<Counter> {
    return this.store.increment(this.key(scope, subject), this.windowSeconds);
  }

  async clear(scope: LimitScope, subject: string): Promise<void> {
    await this.store.reset(this.key(scope, subject));
  }
}
