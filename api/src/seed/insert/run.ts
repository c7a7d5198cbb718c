import { Algorithm, hash } from '@node-rs/argon2';
import type { EntityManager } from 'typeorm';
import { AuditEventEntity } from '../../database/entities';
import { DEMO_COLLABORATION_ID } from '../demo/collaboration';
import { DEMO_PASSWORD } from '../demo/accounts';
import { demoClock } from '../demo/clock';
import { activitiesStep } from './activities';
import { collaborationStep } from './collaboration';
import { commitmentsStep } from './commitments';
import type { SeedContext, SeedStep } from './context';
import { goalsStep } from './goals';
import { identityStep } from './identity';
import { indicatorsStep } from './indicators';
import { invitationsStep } from './invitations';
import { partnersStep } from './partners';
import { valuesStep } from './values';

/** The demo, step by step, in foreign-key order. Later issues append their steps here. */
export const DEMO_STEPS: readonly SeedStep[] = [
  identityStep,
  collaborationStep,
  partnersStep,
  goalsStep,
  invitationsStep,
  indicatorsStep,
  commitmentsStep,
  activitiesStep,
  valuesStep,
];

export interface SeedOptions {
  /** The moment the demo's "days ago" count back from (default: now). */
  now?: Date;
}

/**
 * Insert the whole demo with the given transaction's manager, then one 'demo.seed' audit event
 * per thing a step created. The caller owns the transaction.
 */
export async function insertDemo(m: EntityManager, options: SeedOptions = {}): Promise<void> {
  const now = options.now ?? new Date();
  // One argon2id hash for every demo account: they share the password, and hashing ~20 times
  // would make every first start (and every test) noticeably slower.
  const passwordHash = await hash(DEMO_PASSWORD, { algorithm: Algorithm.Argon2id });
  const ctx: SeedContext = { m, clock: demoClock(now), passwordHash };

  const events = [];
  for (const step of DEMO_STEPS) {
    for (const record of await step.run(ctx)) {
      events.push({
        collaborationId: DEMO_COLLABORATION_ID,
        actorId: null,
        action: 'demo.seed',
        entity: record.entity,
        entityId: record.entityId ?? null,
        outcome: 'success' as const,
        ip: null,
        userAgent: null,
        requestId: null,
        before: null,
        after: { step: step.name, ...record.after },
        createdAt: now,
      });
    }
  }
  await m.insert(AuditEventEntity, events);
}
