import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity, organisations, collaborations with their versioned agenda, goals, partners, invitations, audit. */
export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await q.query(`
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);

    await q.query(`
      CREATE TABLE password_reset_tokens (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        sector text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE collaborations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        slug text NOT NULL,
        backbone_organisation_id uuid NOT NULL REFERENCES organisations(id),
        join_code text NOT NULL CHECK (join_code ~ '^[A-Z0-9]{8}$'),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
        current_agenda_version int NOT NULL CHECK (current_agenda_version >= 1),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX collaborations_slug_key ON collaborations (slug)`);
    await q.query(`CREATE UNIQUE INDEX collaborations_join_code_key ON collaborations (join_code)`);

    await q.query(`
      CREATE TABLE agenda_versions (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        version int NOT NULL CHECK (version >= 1),
        problem_statement text NOT NULL,
        vision text NOT NULL,
        principles jsonb NOT NULL DEFAULT '[]',
        geography text NOT NULL DEFAULT '',
        form text NOT NULL,
        fiscal_year_start_month smallint NOT NULL CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
        time_zone text NOT NULL,
        requires_approval boolean NOT NULL,
        change_note text NOT NULL DEFAULT '',
        author_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, version)
      )`);

    await q.query(`
      CREATE TABLE goals (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        description text NOT NULL DEFAULT '',
        target_date date NOT NULL,
        position int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id)
      )`);
    await q.query(`
      CREATE TABLE strategies (
        collaboration_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        goal_id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        position int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        FOREIGN KEY (collaboration_id, goal_id) REFERENCES goals(collaboration_id, id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE partners (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        kind text NOT NULL CHECK (kind IN ('backbone', 'partner', 'funder')),
        status text NOT NULL CHECK (status IN ('invited', 'pending', 'active', 'left', 'rejected')),
        sector text,
        endorsed_agenda_version int,
        endorsed_at timestamptz,
        endorsed_by uuid REFERENCES users(id),
        joined_at timestamptz,
        requested_by uuid REFERENCES users(id),
        request_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, organisation_id),
        FOREIGN KEY (collaboration_id, endorsed_agenda_version) REFERENCES agenda_versions(collaboration_id, version)
      )`);

    await q.query(`
      CREATE TABLE memberships (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        partner_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('backbone_admin', 'backbone_staff', 'partner_admin', 'partner_contributor', 'funder')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, user_id),
        FOREIGN KEY (collaboration_id, partner_id) REFERENCES partners(collaboration_id, id)
      )`);
    await q.query(`CREATE INDEX memberships_user_idx ON memberships (user_id)`);

    await q.query(`
      CREATE TABLE invitations (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        partner_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('backbone_staff', 'partner_admin', 'partner_contributor', 'funder')),
        token_hash text NOT NULL,
        message text,
        invited_by uuid NOT NULL REFERENCES users(id),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users(id),
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        FOREIGN KEY (collaboration_id, partner_id) REFERENCES partners(collaboration_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX invitations_token_key ON invitations (token_hash)`);

    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        collaboration_id uuid,
        actor_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'denied')),
        ip text,
        user_agent text,
        request_id text,
        before jsonb,
        after jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_events_collaboration_idx ON audit_events (collaboration_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'audit_events',
      'invitations',
      'memberships',
      'partners',
      'strategies',
      'goals',
      'agenda_versions',
      'collaborations',
      'organisations',
      'password_reset_tokens',
      'sessions',
      'users',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
