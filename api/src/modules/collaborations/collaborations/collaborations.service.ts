import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CollaborationDetail,
  type CollaborationSettings,
  type CollaborationStatus,
  type CollaborationSummary,
  type CreateCollaborationInput,
  permissionsOf,
  type Role,
  roleHas,
  type UpdateCollaborationInput,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, notFound } from '../../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../../common/request-context';
import { AuditService } from '../../audit/audit.service';
import { AgendaRepository } from '../agenda/agenda.repository';
import { AgendaService } from '../agenda/agenda.service';
import { toAgendaView } from '../agenda/agenda.view';
import { CollaborationWriteLock } from '../common/collaboration-write-lock';
import { isUniqueViolation, translateDbError, type UniqueFields } from '../common/db-errors';
import { GoalsService } from '../goals/goals.service';
import { type CollaborationRow, CollaborationsRepository } from './collaborations.repository';
import { firstFreeSlug, generateJoinCode, slugify } from './identifiers';

const SLUG_TAKEN = 'This address (slug) is already used by another collaboration; choose another one';
const UNIQUE_FIELDS: UniqueFields = { collaborations_slug_key: { path: 'slug', message: SLUG_TAKEN } };
/** Generated slugs and join codes can collide with a concurrent creation; the whole creation is retried. */
const CREATE_ATTEMPTS = 5;

const slugConflict = () =>
  new AppError(HttpStatus.CONFLICT, SLUG_TAKEN, [{ path: 'slug', message: 'is already taken' }]);

/** What the audit log keeps of a collaboration (never the join code). */
const auditView = (c: CollaborationRow) => ({
  id: c.id,
  name: c.name,
  slug: c.slug,
  status: c.status,
  backboneOrganisation: { id: c.backboneOrganisationId, name: c.backboneOrganisationName },
  archivedAt: c.archivedAt,
});

/** The dashboard settings of a collaboration row (bands as numbers). */
export const settingsOf = (c: CollaborationRow): CollaborationSettings => ({
  showContributionsToFunders: c.showContributionsToFunders,
  statusBands: { onTrack: Number(c.statusBandOnTrack), atRisk: Number(c.statusBandAtRisk) },
});

const sameBands = (a: CollaborationSettings['statusBands'], b: CollaborationSettings['statusBands']) =>
  a.onTrack === b.onTrack && a.atRisk === b.atRisk;

/** Collaborations: creation with everything a new one needs, settings, archiving. */
@Injectable()
export class CollaborationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly collaborations: CollaborationsRepository,
    private readonly agendaRepo: AgendaRepository,
    private readonly agenda: AgendaService,
    private readonly goals: GoalsService,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  /** The signed-in person's collaborations, with the role held in each. */
  async listMine(ctx: RequestContext): Promise<{ items: CollaborationSummary[] }> {
    return { items: await this.collaborations.listForUser(requireUser(ctx).id) };
  }

  async detail(ctx: RequestContext): Promise<CollaborationDetail> {
    const member = requireMember(ctx);
    return this.buildDetail(this.ds.manager, member.collaborationId, member.role, member.partnerId);
  }

  /**
   * One transaction: the backbone organisation, the collaboration, agenda version 1, the backbone
   * partner (endorsing version 1), the creator's backbone_admin membership, goals and strategies.
   */
  async create(ctx: RequestContext, body: CreateCollaborationInput): Promise<CollaborationDetail> {
    const user = requireUser(ctx);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ds.transaction((m) => this.createOnce(m, ctx, user.id, body));
      } catch (err) {
        const retry =
          attempt < CREATE_ATTEMPTS &&
          (isUniqueViolation(err, 'collaborations_join_code_key') ||
            (!body.slug && isUniqueViolation(err, 'collaborations_slug_key')));
        if (!retry) translateDbError(err, UNIQUE_FIELDS);
      }
    }
  }

  async update(ctx: RequestContext, body: UpdateCollaborationInput): Promise<CollaborationDetail> {
    const member = requireMember(ctx);
    const id = member.collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, id);
      const before = await this.row(m, id);
      if (
        body.slug !== undefined &&
        body.slug !== before.slug &&
        (await this.collaborations.slugTaken(m, body.slug, id))
      ) {
        throw slugConflict();
      }
      await this.collaborations.update(m, id, body);
      if (body.showContributionsToFunders !== undefined || body.statusBands !== undefined) {
        await this.collaborations.updateSettings(m, id, body);
      }
      const after = await this.row(m, id);
      if (after.name !== before.name || after.slug !== before.slug) {
        await this.audit.record(
          ctx,
          {
            action: 'collaboration.update',
            entity: 'collaboration',
            entityId: id,
            before: auditView(before),
            after: auditView(after),
          },
          m,
        );
      }
      const [settingsBefore, settingsAfter] = [settingsOf(before), settingsOf(after)];
      const bandsChanged = !sameBands(settingsBefore.statusBands, settingsAfter.statusBands);
      if (bandsChanged || settingsBefore.showContributionsToFunders !== settingsAfter.showContributionsToFunders) {
        // New bands change every indicator's status: the worker recomputes progress (outbox, same transaction).
        const indicatorsToRecompute = bandsChanged
          ? await this.collaborations.requestRebuildOfEveryIndicator(m, id, 'status_bands_changed')
          : 0;
        await this.audit.record(
          ctx,
          {
            action: 'collaboration.settings.update',
            entity: 'collaboration',
            entityId: id,
            before: settingsBefore,
            after: { ...settingsAfter, ...(bandsChanged ? { indicatorsToRecompute } : {}) },
          },
          m,
        );
      }
      return this.buildDetail(m, id, member.role, member.partnerId);
    });
  }

  /** Archived collaborations stay readable; every write but unarchive answers 409. */
  archive(ctx: RequestContext): Promise<CollaborationDetail> {
    return this.setStatus(ctx, 'archived');
  }

  unarchive(ctx: RequestContext): Promise<CollaborationDetail> {
    return this.setStatus(ctx, 'active');
  }

  private async setStatus(ctx: RequestContext, status: CollaborationStatus): Promise<CollaborationDetail> {
    const member = requireMember(ctx);
    const id = member.collaborationId;
    return this.write(async (m) => {
      // Archiving an archived collaboration is a write to it (409); unarchiving an active one changes nothing.
      const locked = await this.writeLock.lock(m, id, { allowArchived: status === 'active' });
      if (locked.status !== status) {
        const before = await this.row(m, id);
        await this.collaborations.setStatus(m, id, status);
        const after = await this.row(m, id);
        const action = status === 'archived' ? 'collaboration.archive' : 'collaboration.unarchive';
        await this.audit.record(
          ctx,
          {
            action,
            entity: 'collaboration',
            entityId: id,
            before: auditView(before),
            after: auditView(after),
          },
          m,
        );
      }
      return this.buildDetail(m, id, member.role, member.partnerId);
    });
  }

  private async createOnce(
    m: EntityManager,
    ctx: RequestContext,
    userId: string,
    body: CreateCollaborationInput,
  ) {
    const organisation = await this.collaborations.insertOrganisation(m, body.backboneOrganisationName);
    let slug: string;
    if (body.slug) {
      if (await this.collaborations.slugTaken(m, body.slug)) throw slugConflict();
      slug = body.slug;
    } else {
      const base = slugify(body.name);
      slug = firstFreeSlug(base, await this.collaborations.slugsStartingWith(m, base));
    }
    const { id } = await this.collaborations.insertCollaboration(m, {
      name: body.name,
      slug,
      joinCode: generateJoinCode(),
      backboneOrganisationId: organisation.id,
      createdBy: userId,
    });
    const record = (action: string, entity: string, entityId: string, after: unknown) =>
      this.audit.record(ctx, { action, entity, entityId, collaborationId: id, before: null, after }, m);

    await record('collaboration.create', 'collaboration', id, auditView(await this.row(m, id)));
    await record('organisation.create', 'organisation', organisation.id, organisation);
    await this.agenda.createFirstVersion(m, ctx, id, body.agenda);
    const partner = await this.collaborations.insertBackbonePartner(m, {
      collaborationId: id,
      organisationId: organisation.id,
      endorsedBy: userId,
    });
    await record('partner.create', 'partner', partner.id, {
      id: partner.id,
      organisationId: organisation.id,
      kind: 'backbone',
      status: 'active',
      endorsedAgendaVersion: 1,
    });
    const role: Role = 'backbone_admin';
    const membership = await this.collaborations.insertMembership(m, {
      collaborationId: id,
      userId,
      partnerId: partner.id,
      role,
    });
    await record('membership.create', 'membership', membership.id, {
      id: membership.id,
      userId,
      partnerId: partner.id,
      role,
    });
    await this.goals.createInitial(m, ctx, id, body.goals);
    return this.buildDetail(m, id, role, partner.id);
  }

  private async row(m: EntityManager, id: string): Promise<CollaborationRow> {
    const row = await this.collaborations.findById(id, m);
    if (!row) throw notFound('Collaboration not found');
    return row;
  }

  private async buildDetail(
    m: EntityManager,
    id: string,
    role: Role,
    partnerId: string,
  ): Promise<CollaborationDetail> {
    const c = await this.row(m, id);
    const agenda = await this.agendaRepo.findCurrent(id, m);
    const goals = await this.goals.goalsOf(id, m);
    if (!agenda) throw notFound('Agenda not found');
    return {
      id: c.id,
      name: c.name,
      slug: c.slug,
      status: c.status,
      ...(roleHas(role, 'partners.manage') ? { joinCode: c.joinCode } : {}),
      backboneOrganisation: { id: c.backboneOrganisationId, name: c.backboneOrganisationName },
      agenda: toAgendaView(agenda),
      goals,
      myRole: role,
      myPermissions: permissionsOf(role),
      myPartnerId: partnerId,
      settings: settingsOf(c),
      createdAt: c.createdAt.toISOString(),
      archivedAt: c.archivedAt ? c.archivedAt.toISOString() : null,
    };
  }

  private async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(fn);
    } catch (err) {
      translateDbError(err, UNIQUE_FIELDS);
    }
  }
}
