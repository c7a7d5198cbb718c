import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AgendaInput,
  AgendaVersionListItem,
  AgendaVersionView,
  SaveAgendaInput,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound } from '../../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../../common/request-context';
import { AuditService } from '../../audit/audit.service';
import { CollaborationWriteLock } from '../common/collaboration-write-lock';
import { translateDbError } from '../common/db-errors';
import { AgendaRepository, type AgendaVersionRow } from './agenda.repository';
import { formatUtc, normaliseAgenda, toAgendaListItem, toAgendaView } from './agenda.view';

/** The versioned common agenda: every save adds a version; old versions are never changed. */
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly agenda: AgendaRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async current(ctx: RequestContext): Promise<AgendaVersionView> {
    const row = await this.agenda.findCurrent(requireMember(ctx).collaborationId);
    if (!row) throw notFound('Agenda not found');
    return toAgendaView(row);
  }

  async versions(ctx: RequestContext): Promise<{ items: AgendaVersionListItem[] }> {
    const collaborationId = requireMember(ctx).collaborationId;
    const [rows, endorsements] = await Promise.all([
      this.agenda.listVersions(collaborationId),
      this.agenda.listEndorsements(collaborationId),
    ]);
    return { items: rows.map((r) => toAgendaListItem(r, endorsements)) };
  }

  async version(ctx: RequestContext, version: number): Promise<AgendaVersionView> {
    const row = await this.agenda.findVersion(requireMember(ctx).collaborationId, version);
    if (!row) throw notFound(`Agenda version ${version} not found`);
    return toAgendaView(row);
  }

  /** Save a new version on top of `baseVersion`; 409 when someone saved another one meanwhile. */
  async save(ctx: RequestContext, body: SaveAgendaInput): Promise<AgendaVersionView> {
    const collaborationId = requireMember(ctx).collaborationId;
    try {
      return await this.ds.transaction(async (m) => {
        const c = await this.writeLock.lock(m, collaborationId);
        return this.saveIn(m, ctx, collaborationId, c.currentAgendaVersion, body, null);
      });
    } catch (err) {
      translateDbError(err);
    }
  }

  /**
   * The save inside the caller's transaction (the caller holds the collaboration write lock and
   * passes the current version). A shared decision applies an accepted agenda change through
   * here, naming itself in `decisionId` (kept on the version and in the audit event).
   */
  async saveIn(
    m: EntityManager,
    ctx: RequestContext,
    collaborationId: string,
    currentVersion: number,
    body: SaveAgendaInput,
    decisionId: string | null,
  ): Promise<AgendaVersionView> {
    const user = requireUser(ctx);
    const { baseVersion, changeNote, ...input } = body;
    const current = await this.agenda.findVersion(collaborationId, currentVersion, m);
    if (!current) throw notFound('Agenda not found');
    if (baseVersion !== current.version) throw this.staleVersion(baseVersion, current, user.id);

    const version = current.version + 1;
    await this.agenda.insertVersion(m, {
      collaborationId,
      version,
      agenda: normaliseAgenda(input),
      changeNote,
      authorId: user.id,
      decisionId,
    });
    await this.agenda.setCurrentVersion(m, collaborationId, version);
    const saved = (await this.agenda.findVersion(collaborationId, version, m))!;
    const view = toAgendaView(saved);
    await this.audit.record(
      ctx,
      {
        action: 'agenda.save',
        entity: 'agenda',
        entityId: String(version),
        before: toAgendaView(current),
        after: { ...view, ...(decisionId ? { decisionId } : {}) },
      },
      m,
    );
    return view;
  }

  /** The current version inside a transaction (for a decision to compare and apply). */
  currentIn(m: EntityManager, collaborationId: string, currentVersion: number) {
    return this.agenda.findVersion(collaborationId, currentVersion, m);
  }

  /** Version 1, written with a new collaboration (inside its transaction). */
  async createFirstVersion(
    m: EntityManager,
    ctx: RequestContext,
    collaborationId: string,
    agenda: AgendaInput,
  ): Promise<AgendaVersionView> {
    const user = requireUser(ctx);
    await this.agenda.insertVersion(m, {
      collaborationId,
      version: 1,
      agenda: normaliseAgenda(agenda),
      changeNote: '',
      authorId: user.id,
    });
    const view = toAgendaView((await this.agenda.findVersion(collaborationId, 1, m))!);
    await this.audit.record(
      ctx,
      { action: 'agenda.save', entity: 'agenda', entityId: '1', collaborationId, before: null, after: view },
      m,
    );
    return view;
  }

  private staleVersion(baseVersion: number, current: AgendaVersionRow, userId: string) {
    if (baseVersion > current.version) {
      return conflict(
        `Version ${baseVersion} of the agenda does not exist; the current version is ${current.version}. Reload the agenda and try again.`,
        [{ path: 'baseVersion', message: `must be the current version, ${current.version}` }],
      );
    }
    const who = current.authorId === userId ? 'You' : current.authorName;
    const where = current.authorId === userId ? ' (in another window)' : '';
    return conflict(
      `${who} saved version ${current.version} of the agenda${where} on ${formatUtc(current.createdAt)}, after version ${baseVersion} ` +
        `that you started from. Reload the agenda to see those changes, then make yours again.`,
      [{ path: 'baseVersion', message: `is out of date: the current version is ${current.version}` }],
    );
  }
}
