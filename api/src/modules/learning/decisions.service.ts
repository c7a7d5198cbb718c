import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type DecisionChange,
  type DecisionCreateInput,
  type DecisionDecideInput,
  type DecisionListQuery,
  type DecisionStanceInput,
  type DecisionSummaryView,
  type DecisionTargetRow,
  type DecisionView,
  diffTargets,
  type IndicatorView,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, badRequest, conflict, notFound, ValidationFailed } from '../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { AgendaService } from '../collaborations/agenda/agenda.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../collaborations/common/db-errors';
import { type NotificationWrite, NotificationsRepository } from '../comments/notifications.repository';
import { definitionOf, IndicatorsService } from '../indicators/indicators.service';
import { type DecisionRow, DecisionsRepository } from './decisions.repository';

const NOT_FOUND = 'Decision not found';
const KIND_LABEL = { targets: 'targets', definition: 'definition', agenda: 'common agenda' } as const;

/** The part of an indicator a proposal of this kind changes, as it stands (the proposal's `base`). */
function indicatorBase(kind: 'targets' | 'definition', v: IndicatorView): Record<string, unknown> {
  if (kind === 'targets') return { targets: v.targets };
  return { code: v.code, name: v.name, definition: v.definition, unit: v.unit, direction: v.direction, dataSource: v.dataSource };
}

/**
 * Shared decisions. The backbone and partner admins open a proposal with ONE structured change
 * (an indicator's targets, its safe definition fields, or the agenda text); members support it,
 * object with a reason, or discuss it in its comment thread; the backbone accepts or rejects it
 * with a rationale. An accepted change is applied in the same transaction through the indicator
 * or agenda service (same checks, revision, outbox rows and audit event, with the decision's id
 * on the revision / agenda version). A proposal whose indicator or agenda changed since it was
 * opened cannot be accepted (409). Every member reads every proposal and decision; funders only read.
 */
@Injectable()
export class DecisionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: DecisionsRepository,
    private readonly indicators: IndicatorsService,
    private readonly agenda: AgendaService,
    private readonly notifications: NotificationsRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, q: DecisionListQuery): Promise<{ items: DecisionSummaryView[] }> {
    const cid = requireMember(ctx).collaborationId;
    const rows = await this.repo.list(this.repo.manager, cid, q);
    return { items: rows.map(summary) };
  }

  async get(ctx: RequestContext, id: string): Promise<DecisionView> {
    const cid = requireMember(ctx).collaborationId;
    return this.view(this.repo.manager, cid, id);
  }

  async create(ctx: RequestContext, body: DecisionCreateInput): Promise<DecisionView> {
    const cid = requireMember(ctx).collaborationId;
    const user = requireUser(ctx);
    const view = await this.write(async (m) => {
      const locked = await this.writeLock.lock(m, cid);
      const { base, baseVersion, indicatorId } = await this.checkChange(m, cid, locked.currentAgendaVersion, body.change);
      const id = await this.repo.insert(m, cid, {
        title: body.title,
        rationale: body.rationale,
        kind: body.change.kind,
        indicatorId,
        change: body.change,
        base,
        baseVersion,
        proposedBy: user.id,
      });
      const view = await this.view(m, cid, id);
      await this.audit.record(ctx, { action: 'decision.propose', entity: 'decision', entityId: id, before: null, after: view }, m);
      await this.notify(m, cid, user.id, {
        title: `${user.name} proposed decision #${view.number}: ${view.title}`,
        body: `A proposal to change the ${what(view)}. Support it, object or comment before the backbone decides.`,
        id,
      });
      return view;
    });
    return view;
  }

  async setStance(ctx: RequestContext, id: string, body: DecisionStanceInput): Promise<DecisionView> {
    const cid = requireMember(ctx).collaborationId;
    const user = requireUser(ctx);
    return this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      const row = await this.openRow(m, cid, id);
      const before = (await this.repo.stances(m, cid, id)).find((s) => s.userId === user.id) ?? null;
      await this.repo.setStance(m, cid, id, user.id, body.stance, body.reason);
      await this.audit.record(
        ctx,
        { action: 'decision.stance', entity: 'decision', entityId: row.id, before: before && { stance: before.stance, reason: before.reason }, after: body },
        m,
      );
      return this.view(m, cid, id);
    });
  }

  async withdrawStance(ctx: RequestContext, id: string): Promise<DecisionView> {
    const cid = requireMember(ctx).collaborationId;
    const user = requireUser(ctx);
    return this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      const row = await this.openRow(m, cid, id);
      const before = (await this.repo.stances(m, cid, id)).find((s) => s.userId === user.id);
      if (!before) throw notFound('You have not taken a stance on this proposal');
      await this.repo.removeStance(m, cid, id, user.id);
      await this.audit.record(ctx, { action: 'decision.stance_withdraw', entity: 'decision', entityId: row.id, before: { stance: before.stance, reason: before.reason }, after: null }, m);
      return this.view(m, cid, id);
    });
  }

  /**
   * Record the decision. Accepted: the change is applied here, in this transaction, through the
   * indicator or agenda service; if that refuses (stale, invalid now, a taken code…) nothing is
   * written and the proposal stays open. Rejected: nothing else changes.
   */
  async decide(ctx: RequestContext, id: string, body: DecisionDecideInput): Promise<DecisionView> {
    const cid = requireMember(ctx).collaborationId;
    const user = requireUser(ctx);
    const view = await this.write(async (m) => {
      const locked = await this.writeLock.lock(m, cid);
      const row = await this.openRow(m, cid, id);
      const before = await this.view(m, cid, id);
      let appliedVersion: number | null = null;
      if (body.outcome === 'accepted') {
        this.assertFresh(row, locked.currentAgendaVersion);
        appliedVersion = await this.apply(m, ctx, cid, locked.currentAgendaVersion, row);
      }
      await this.repo.decide(m, cid, id, { status: body.outcome, decidedBy: user.id, rationale: body.rationale, appliedVersion });
      const after = await this.view(m, cid, id);
      await this.audit.record(ctx, { action: `decision.${body.outcome === 'accepted' ? 'accept' : 'reject'}`, entity: 'decision', entityId: id, before, after }, m);
      await this.notify(m, cid, user.id, {
        title: `Decision #${after.number} ${body.outcome}: ${after.title}`,
        body: body.rationale,
        id,
      });
      return after;
    });
    return view;
  }

  /** Check a proposed change against what it would change today; answer what it is proposed against. */
  private async checkChange(
    m: EntityManager,
    cid: string,
    agendaVersion: number,
    change: DecisionChange,
  ): Promise<{ base: Record<string, unknown>; baseVersion: number; indicatorId: string | null }> {
    if (change.kind === 'agenda') {
      const current = await this.agenda.currentIn(m, cid, agendaVersion);
      if (!current) throw notFound('Agenda not found');
      const base = { problemStatement: current.problemStatement, vision: current.vision, principles: current.principles, geography: current.geography };
      const proposed = { problemStatement: change.problemStatement, vision: change.vision, principles: change.principles, geography: change.geography };
      if (JSON.stringify(base) === JSON.stringify(proposed)) throw noChange('change', 'is the agenda as it stands');
      return { base, baseVersion: current.version, indicatorId: null };
    }
    let indicator: IndicatorView;
    try {
      indicator = await this.indicators.view(m, cid, change.indicatorId);
    } catch {
      throw new ValidationFailed([{ path: 'change.indicatorId', message: 'is not an indicator of this collaboration' }]);
    }
    if (indicator.status !== 'active') throw conflict('This indicator is retired; reinstate it before proposing a change to it', [{ path: 'change.indicatorId', message: 'is retired' }]);
    const current = definitionOf(indicator);
    const merged = change.kind === 'targets' ? { ...current, targets: change.targets } : { ...current, ...defined(change.fields) };
    const fy = await this.fiscalYear(m, cid);
    try {
      const checked = await this.indicators.checkDefinition(m, cid, fy, merged);
      if (change.kind === 'definition' && checked.record.code !== indicator.code) await this.indicators.assertCodeFree(m, cid, checked.record.code, indicator.id);
      const base = indicatorBase(change.kind, indicator);
      const same =
        change.kind === 'targets'
          ? diffTargets(indicator.targets, checked.targets).every((d) => d.change === 'same')
          : Object.entries(defined(change.fields)).every(([k, v]) => (base as Record<string, unknown>)[k] === v);
      if (same) throw noChange('change', 'changes nothing: it is what the indicator already says');
    } catch (err) {
      if (err instanceof ValidationFailed) {
        throw new ValidationFailed(
          err.details.map((d) => ({
            path: `change.${change.kind === 'definition' && d.path && !d.path.startsWith('targets') ? 'fields.' : ''}${d.path}`,
            message: d.message,
          })),
        );
      }
      throw err;
    }
    return { base: indicatorBase(change.kind, indicator), baseVersion: indicator.version, indicatorId: indicator.id };
  }

  /** 409 when the indicator or agenda moved on since the proposal was opened. */
  private assertFresh(row: DecisionRow, agendaVersion: number) {
    if (row.kind === 'agenda') {
      if (agendaVersion !== row.baseVersion) {
        throw new AppError(
          HttpStatus.CONFLICT,
          `The common agenda changed since this proposal was opened (it was version ${row.baseVersion}, it is now version ${agendaVersion}). ` +
            'Reject this proposal and open a new one against the current agenda.',
          [{ path: 'baseVersion', message: `is ${row.baseVersion}, but the agenda is at version ${agendaVersion}` }],
        );
      }
      return;
    }
    const current = row.indicator!.version;
    if (current !== row.baseVersion) {
      throw new AppError(
        HttpStatus.CONFLICT,
        `Indicator ${row.indicator!.code} changed since this proposal was opened (it was version ${row.baseVersion}, it is now version ${current}). ` +
          'Reject this proposal and open a new one against the indicator as it stands.',
        [{ path: 'baseVersion', message: `is ${row.baseVersion}, but the indicator is at version ${current}` }],
      );
    }
  }

  /** Apply an accepted change through the owning service; answers the version it made. */
  private async apply(m: EntityManager, ctx: RequestContext, cid: string, agendaVersion: number, row: DecisionRow): Promise<number> {
    const note = `Decision #${row.number}: ${row.title}`.slice(0, 500);
    const change = row.change;
    if (change.kind === 'agenda') {
      const current = (await this.agenda.currentIn(m, cid, agendaVersion))!;
      const saved = await this.agenda.saveIn(
        m,
        ctx,
        cid,
        agendaVersion,
        {
          baseVersion: row.baseVersion,
          changeNote: note,
          problemStatement: change.problemStatement,
          vision: change.vision,
          principles: change.principles,
          geography: change.geography,
          form: current.form,
          fiscalYearStartMonth: current.fiscalYearStartMonth,
          timeZone: current.timeZone,
          requiresApproval: current.requiresApproval,
        },
        row.id,
      );
      return saved.version;
    }
    const body =
      change.kind === 'targets'
        ? { version: row.baseVersion, changeNote: note, confirmRecompute: false, targets: change.targets }
        : { version: row.baseVersion, changeNote: note, confirmRecompute: false, ...defined(change.fields) };
    const after = await this.indicators.updateIn(m, ctx, cid, change.indicatorId, body, row.id);
    return after.version;
  }

  private async openRow(m: EntityManager, cid: string, id: string): Promise<DecisionRow> {
    const row = await this.repo.find(m, cid, id, true);
    if (!row) throw notFound(NOT_FOUND);
    if (row.status !== 'open') throw conflict(`Decision #${row.number} was already ${row.status}`, [{ path: 'status', message: `is ${row.status}` }]);
    return row;
  }

  private async view(m: EntityManager, cid: string, id: string): Promise<DecisionView> {
    const row = await this.repo.find(m, cid, id);
    if (!row) throw notFound(NOT_FOUND);
    const stances = await this.repo.stances(m, cid, id);
    let stale = false;
    if (row.status === 'open') {
      if (row.kind === 'agenda') {
        const c = await m.query(`SELECT current_agenda_version AS v FROM collaborations WHERE id = $1`, [cid]);
        stale = (c as { v: number }[])[0]?.v !== row.baseVersion;
      } else stale = row.indicator!.version !== row.baseVersion;
    }
    return {
      ...summary(row),
      rationale: row.rationale,
      change: row.change,
      base: row.base,
      baseVersion: row.baseVersion,
      stale,
      targetDiff: row.change.kind === 'targets' ? diffTargets((row.base.targets ?? []) as DecisionTargetRow[], row.change.targets) : null,
      stances,
      decidedBy: row.decidedBy,
      decisionRationale: row.decisionRationale,
      appliedVersion: row.appliedVersion,
    };
  }

  /** A 'decision' notification to every member but the actor. */
  private async notify(m: EntityManager, cid: string, actorId: string, n: { title: string; body: string; id: string }) {
    const rows: NotificationWrite[] = (await this.repo.members(m, cid))
      .filter((p) => p.userId !== actorId)
      .map((p) => ({
        userId: p.userId,
        collaborationId: cid,
        kind: 'decision' as const,
        actorId,
        title: n.title,
        body: n.body.length > 200 ? n.body.slice(0, 199) + '…' : n.body,
        link: `/collaborations/${cid}/decisions/${n.id}`,
      }));
    await this.notifications.insert(m, rows);
  }

  private async fiscalYear(m: EntityManager, cid: string): Promise<number> {
    const rows = (await m.query(
      `SELECT a.fiscal_year_start_month AS month FROM collaborations c
         JOIN agenda_versions a ON a.collaboration_id = c.id AND a.version = c.current_agenda_version WHERE c.id = $1`,
      [cid],
    )) as { month: number }[];
    return rows[0]?.month ?? 1;
  }

  private async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(fn);
    } catch (err) {
      translateDbError(err);
    }
  }
}

function summary(r: DecisionRow): DecisionSummaryView {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    kind: r.kind,
    status: r.status,
    indicator: r.indicator ? { id: r.indicator.id, code: r.indicator.code, name: r.indicator.name } : null,
    proposedBy: r.proposedBy,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    support: r.support,
    object: r.object,
  };
}

function what(v: DecisionSummaryView): string {
  return v.indicator ? `${KIND_LABEL[v.kind]} of ${v.indicator.code} · ${v.indicator.name}` : KIND_LABEL[v.kind];
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function noChange(path: string, message: string) {
  return badRequest(`The proposed change ${message}`, [{ path, message }]);
}
