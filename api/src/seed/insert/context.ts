import type { EntityManager } from 'typeorm';
import type { DemoClock } from '../demo/clock';

/** What every seed step gets: the transaction, the clock, and the shared password hash. */
export interface SeedContext {
  /** The seeding transaction's manager: every insert goes through it. */
  m: EntityManager;
  clock: DemoClock;
  /** argon2id hash of DEMO_PASSWORD, computed once and shared by every demo account. */
  passwordHash: string;
}

/** What a step reports; each becomes one 'demo.seed' audit event. */
export interface SeedRecord {
  entity: string;
  entityId?: string | null;
  after: Record<string, unknown>;
}

/**
 * One part of the demo, inserted in order inside the seeding transaction. Later issues add
 * steps (indicators, values, activities) to DEMO_STEPS in run.ts, with their data in ../demo.
 */
export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<SeedRecord[]>;
}
