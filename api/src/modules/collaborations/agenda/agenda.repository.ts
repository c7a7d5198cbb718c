import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AgendaInput, CollaborationForm } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../common/sql';

export interface AgendaVersionRow {
  version: number;
  problemStatement: string;
  vision: string;
  principles: string[];
  geography: string;
  form: CollaborationForm;
  fiscalYearStartMonth: number;
  timeZone: string;
  requiresApproval: boolean;
  changeNote: string;
  authorId: string;
  authorName: string;
  createdAt: Date;
  decisionId: string | null;
  decisionNumber: number | null;
}

export interface EndorsementRow {
  version: number;
  partnerId: string;
  organisationName: string;
}

const SELECT_VERSION = `
  SELECT a.version, a.problem_statement AS "problemStatement", a.vision, a.principles, a.geography, a.form,
         a.fiscal_year_start_month AS "fiscalYearStartMonth", a.time_zone AS "timeZone",
         a.requires_approval AS "requiresApproval", a.change_note AS "changeNote",
         a.author_id AS "authorId", u.name AS "authorName", a.created_at AS "createdAt",
         a.decision_id AS "decisionId", (SELECT d.number FROM decisions d WHERE d.collaboration_id = a.collaboration_id AND d.id = a.decision_id) AS "decisionNumber"
    FROM agenda_versions a
    JOIN users u ON u.id = a.author_id`;

/** SQL for the versioned common agenda. Versions are only ever inserted. */
@Injectable()
export class AgendaRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findCurrent(collaborationId: string, m: EntityManager = this.ds.manager): Promise<AgendaVersionRow | null> {
    return queryOne<AgendaVersionRow>(
      m,
      `${SELECT_VERSION}
        JOIN collaborations c ON c.id = a.collaboration_id AND c.current_agenda_version = a.version
       WHERE a.collaboration_id = $1`,
      [collaborationId],
    );
  }

  findVersion(
    collaborationId: string,
    version: number,
    m: EntityManager = this.ds.manager,
  ): Promise<AgendaVersionRow | null> {
    return queryOne<AgendaVersionRow>(
      m,
      `${SELECT_VERSION} WHERE a.collaboration_id = $1 AND a.version = $2`,
      [collaborationId, version],
    );
  }

  /** Every version, newest first. */
  listVersions(collaborationId: string): Promise<AgendaVersionRow[]> {
    return queryRows<AgendaVersionRow>(
      this.ds.manager,
      `${SELECT_VERSION} WHERE a.collaboration_id = $1 ORDER BY a.version DESC`,
      [collaborationId],
    );
  }

  /** Active partners and the agenda version each endorses. */
  listEndorsements(collaborationId: string): Promise<EndorsementRow[]> {
    return queryRows<EndorsementRow>(
      this.ds.manager,
      `SELECT p.endorsed_agenda_version AS version, p.id AS "partnerId", o.name AS "organisationName"
         FROM partners p
         JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.status = 'active' AND p.endorsed_agenda_version IS NOT NULL
        ORDER BY p.kind = 'backbone' DESC, lower(o.name), p.id`,
      [collaborationId],
    );
  }

  async insertVersion(
    m: EntityManager,
    v: {
      collaborationId: string;
      version: number;
      agenda: AgendaInput;
      changeNote: string;
      authorId: string;
      decisionId?: string | null;
    },
  ): Promise<void> {
    const a = v.agenda;
    await m.query(
      `INSERT INTO agenda_versions (collaboration_id, version, problem_statement, vision, principles, geography, form,
                                    fiscal_year_start_month, time_zone, requires_approval, change_note, author_id, decision_id)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        v.collaborationId,
        v.version,
        a.problemStatement,
        a.vision,
        JSON.stringify(a.principles),
        a.geography,
        a.form,
        a.fiscalYearStartMonth,
        a.timeZone,
        a.requiresApproval,
        v.changeNote,
        v.authorId,
        v.decisionId ?? null,
      ],
    );
  }

  async setCurrentVersion(m: EntityManager, collaborationId: string, version: number): Promise<void> {
    await execute(
      m,
      `UPDATE collaborations SET current_agenda_version = $2, updated_at = now() WHERE id = $1`,
      [collaborationId, version],
    );
  }
}
