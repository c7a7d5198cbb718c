import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared measurement: disaggregation dimensions, indicators with baselines and time-phased targets,
 * partner commitments, activities, indicator values with their revision history, period locks,
 * the outbox the rollup worker consumes, API tokens and idempotency keys.
 * Measured numbers are `numeric`, never float. Every tenant table has collaboration_id in its key.
 */
export class SharedMeasurement1764400000000 implements MigrationInterface {
  name = 'SharedMeasurement1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dimensions (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, key)
      )`);
    await q.query(`
      CREATE TABLE dimension_categories (
        collaboration_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        dimension_id uuid NOT NULL,
        key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        position int NOT NULL DEFAULT 0,
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, dimension_id, key),
        FOREIGN KEY (collaboration_id, dimension_id) REFERENCES dimensions(collaboration_id, id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE indicators (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        definition text NOT NULL,
        unit text NOT NULL,
        value_type text NOT NULL CHECK (value_type IN ('count', 'amount', 'percentage', 'ratio')),
        direction text NOT NULL CHECK (direction IN ('increase', 'decrease')),
        periodicity text NOT NULL CHECK (periodicity IN ('month', 'quarter', 'year')),
        aggregation_across text NOT NULL CHECK (aggregation_across IN ('sum', 'average', 'min', 'max', 'ratio')),
        aggregation_over_time text NOT NULL CHECK (aggregation_over_time IN ('sum', 'last', 'average')),
        goal_id uuid NOT NULL,
        strategy_id uuid,
        baseline_value numeric NOT NULL,
        baseline_period text NOT NULL,
        data_source text NOT NULL DEFAULT '',
        measure_type text NOT NULL CHECK (measure_type IN ('population', 'performance')),
        min_value numeric,
        max_value numeric,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, code),
        CHECK ((value_type IN ('percentage', 'ratio')) = (aggregation_across = 'ratio')),
        CHECK (min_value IS NULL OR max_value IS NULL OR min_value <= max_value),
        FOREIGN KEY (collaboration_id, goal_id) REFERENCES goals(collaboration_id, id),
        FOREIGN KEY (collaboration_id, strategy_id) REFERENCES strategies(collaboration_id, id)
      )`);
    await q.query(`
      CREATE TABLE indicator_dimensions (
        collaboration_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        dimension_id uuid NOT NULL,
        position int NOT NULL DEFAULT 0,
        PRIMARY KEY (collaboration_id, indicator_id, dimension_id),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE,
        FOREIGN KEY (collaboration_id, dimension_id) REFERENCES dimensions(collaboration_id, id)
      )`);
    await q.query(`
      CREATE TABLE indicator_targets (
        collaboration_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        period text NOT NULL,
        value numeric NOT NULL,
        kind text NOT NULL CHECK (kind IN ('milestone', 'long_term')),
        PRIMARY KEY (collaboration_id, indicator_id, period),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX indicator_targets_one_long_term ON indicator_targets (collaboration_id, indicator_id) WHERE kind = 'long_term'`);
    /** Definition changes kept with who and why (meaning-changing edits are followed by a full recompute). */
    await q.query(`
      CREATE TABLE indicator_revisions (
        collaboration_id uuid NOT NULL,
        id bigserial,
        indicator_id uuid NOT NULL,
        version int NOT NULL,
        definition jsonb NOT NULL,
        change_note text NOT NULL DEFAULT '',
        requires_recompute boolean NOT NULL DEFAULT false,
        author_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, indicator_id, version),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE commitments (
        collaboration_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        start_period text NOT NULL,
        end_period text,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, partner_id, indicator_id),
        FOREIGN KEY (collaboration_id, partner_id) REFERENCES partners(collaboration_id, id),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id)
      )`);

    await q.query(`
      CREATE TABLE activities (
        collaboration_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL,
        strategy_id uuid,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        status text NOT NULL CHECK (status IN ('planned', 'active', 'paused', 'completed', 'cancelled')),
        start_date date,
        end_date date,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, partner_id, id),
        CHECK (end_date IS NULL OR start_date IS NULL OR start_date <= end_date),
        FOREIGN KEY (collaboration_id, partner_id) REFERENCES partners(collaboration_id, id),
        FOREIGN KEY (collaboration_id, strategy_id) REFERENCES strategies(collaboration_id, id)
      )`);
    await q.query(`
      CREATE TABLE activity_indicators (
        collaboration_id uuid NOT NULL,
        activity_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        PRIMARY KEY (collaboration_id, activity_id, indicator_id),
        FOREIGN KEY (collaboration_id, activity_id) REFERENCES activities(collaboration_id, id) ON DELETE CASCADE,
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id)
      )`);
    await q.query(`
      CREATE TABLE activity_updates (
        collaboration_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        activity_id uuid NOT NULL,
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        FOREIGN KEY (collaboration_id, activity_id) REFERENCES activities(collaboration_id, id) ON DELETE CASCADE
      )`);

    /**
     * One partner's number for one indicator, one native period, one cell ('total' or
     * 'dimKey=catKey;dimKey=catKey' in dimension order), optionally attributed to one activity.
     */
    await q.query(`
      CREATE TABLE indicator_values (
        collaboration_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        indicator_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        period text NOT NULL,
        cell text NOT NULL DEFAULT 'total',
        activity_id uuid,
        value numeric,
        numerator numeric,
        denominator numeric,
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
        comment text NOT NULL DEFAULT '',
        return_reason text,
        flagged boolean NOT NULL DEFAULT false,
        flag_reason text,
        version int NOT NULL DEFAULT 1,
        created_by uuid REFERENCES users(id),
        updated_by uuid REFERENCES users(id),
        via text NOT NULL DEFAULT 'web' CHECK (via IN ('web', 'api', 'import', 'seed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        reviewed_at timestamptz,
        reviewed_by uuid REFERENCES users(id),
        PRIMARY KEY (collaboration_id, id),
        CHECK ((value IS NOT NULL AND numerator IS NULL AND denominator IS NULL)
            OR (value IS NULL AND numerator IS NOT NULL AND denominator IS NOT NULL AND denominator > 0)),
        CHECK (status <> 'returned' OR return_reason IS NOT NULL),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id),
        FOREIGN KEY (collaboration_id, partner_id) REFERENCES partners(collaboration_id, id),
        FOREIGN KEY (collaboration_id, partner_id, activity_id) REFERENCES activities(collaboration_id, partner_id, id)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX indicator_values_one_per_cell ON indicator_values
        (collaboration_id, indicator_id, partner_id, period, cell, COALESCE(activity_id, '00000000-0000-0000-0000-000000000000'::uuid))`);
    await q.query(`CREATE INDEX indicator_values_review_idx ON indicator_values (collaboration_id, status, partner_id, period)`);
    await q.query(`
      CREATE TABLE value_revisions (
        collaboration_id uuid NOT NULL,
        id bigserial,
        value_id uuid NOT NULL,
        version int NOT NULL,
        action text NOT NULL CHECK (action IN ('create', 'update', 'submit', 'approve', 'return', 'delete')),
        before jsonb,
        after jsonb,
        reason text,
        actor_id uuid REFERENCES users(id),
        via text NOT NULL DEFAULT 'web',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id)
      )`);
    await q.query(`CREATE INDEX value_revisions_value_idx ON value_revisions (collaboration_id, value_id, id)`);

    await q.query(`
      CREATE TABLE period_locks (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        period text NOT NULL,
        locked_by uuid NOT NULL REFERENCES users(id),
        locked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, period)
      )`);

    /** Written in the same transaction as every accepted value change; consumed by the rollup relay. */
    await q.query(`
      CREATE TABLE outbox (
        collaboration_id uuid NOT NULL,
        id bigserial,
        kind text NOT NULL,
        indicator_id uuid,
        period text,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        PRIMARY KEY (collaboration_id, id)
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE processed_at IS NULL`);

    await q.query(`
      CREATE TABLE api_tokens (
        collaboration_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        token_hash text NOT NULL,
        token_prefix text NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        PRIMARY KEY (collaboration_id, id),
        FOREIGN KEY (collaboration_id, partner_id) REFERENCES partners(collaboration_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (token_hash)`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        actor text NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency_keys',
      'api_tokens',
      'outbox',
      'period_locks',
      'value_revisions',
      'indicator_values',
      'activity_updates',
      'activity_indicators',
      'activities',
      'commitments',
      'indicator_revisions',
      'indicator_targets',
      'indicator_dimensions',
      'indicators',
      'dimension_categories',
      'dimensions',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
