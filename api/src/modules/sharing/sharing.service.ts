import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  coarserOrEqual,
  type CreateSharedDashboardInput,
  type FiscalYearStartMonth,
  type Granularity,
  parsePeriodKey,
  type Period,
  type PublicDashboard,
  type PublicIndicator,
  type SharedDashboardView,
} from '@constellation/shared';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError, notFound, ValidationFailed } from '../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { type PublicIndicatorRow, type SharedDashboardRow, SharingRepository } from './sharing.repository';

/** The sentence the public page shows for a revoked link. */
export const NO_LONGER_SHARED = 'This dashboard is no longer shared.';
/** …and for a link that never existed (mistyped, cut short). */
export const NOT_SHARED =
  'This dashboard is no longer shared, or the link is incomplete. Ask whoever gave you the link for a new one.';

const toView = ({ collaborationId: _c, ...r }: SharedDashboardRow): SharedDashboardView => r;

/** A well-formed token: 32 random bytes as base64url (43 characters). Anything else is simply not found. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The period size an indicator is charted at: the dashboard's choice when the indicator reports at
 * least that often; otherwise, for a flow (a count or amount summed over time) whose targets are set per year (or
 * quarter), the long-term target's granularity — a monthly slice of a yearly target would compare
 * a month's total with a year's — and else the indicator's own periodicity.
 */
export function granularityFor(
  chosen: Granularity | null,
  i: Pick<PublicIndicatorRow, 'periodicity' | 'aggregationOverTime' | 'valueType' | 'targets'>,
  fy: FiscalYearStartMonth,
): Granularity {
  if (chosen && coarserOrEqual(chosen, i.periodicity)) return chosen;
  if (
    chosen === null &&
    i.aggregationOverTime === 'sum' &&
    (i.valueType === 'count' || i.valueType === 'amount')
  ) {
    const longTerm = i.targets.find((t) => t.kind === 'long_term');
    const parsed = longTerm ? parsePeriodKey(longTerm.period, fy) : null;
    if (parsed?.ok && coarserOrEqual(parsed.period.granularity, i.periodicity))
      return parsed.period.granularity;
  }
  return i.periodicity;
}

/**
 * Public sharing: the backbone (sharing.manage) publishes a read-only dashboard of chosen
 * indicators at `/share/<token>`, lists and revokes links (audited). The public read answers only
 * all-partner aggregates — indicator definitions and targets, progress, trajectory, active wins —
 * never a partner, a person or a value of one partner.
 */
@Injectable()
export class SharingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: SharingRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: SharedDashboardView[] }> {
    const { collaborationId } = requireMember(ctx);
    return { items: (await this.repo.list(this.ds.manager, collaborationId)).map(toView) };
  }

  async create(ctx: RequestContext, body: CreateSharedDashboardInput): Promise<SharedDashboardView> {
    const { collaborationId } = requireMember(ctx);
    const user = requireUser(ctx);
    return this.ds.transaction(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      const collaboration = await this.repo.collaboration(m, collaborationId);
      if (!collaboration) throw notFound('Collaboration not found');
      const fy = collaboration.fiscalYearStartMonth as FiscalYearStartMonth;
      const problems: { path: string; message: string }[] = [];
      const known = await this.repo.activeIndicatorIds(m, collaborationId, body.indicatorIds);
      body.indicatorIds.forEach((id, i) => {
        if (!known.has(id))
          problems.push({
            path: `indicatorIds.${i}`,
            message: 'is not an active indicator of this collaboration',
          });
      });
      const bound = (field: 'from' | 'to'): Period | null => {
        const key = body[field];
        if (key === undefined) return null;
        const parsed = parsePeriodKey(key, fy);
        if (!parsed.ok) {
          problems.push({ path: field, message: parsed.error });
          return null;
        }
        return parsed.period;
      };
      const from = bound('from');
      const to = bound('to');
      if (from && to && from.startIndex > to.endIndex)
        problems.push({ path: 'to', message: 'must not come before from' });
      if (problems.length) throw new ValidationFailed(problems);

      const token = randomBytes(32).toString('base64url');
      const id = await this.repo.insert(m, {
        collaborationId,
        token,
        title: body.title,
        granularity: body.granularity ?? null,
        from: from?.key ?? null,
        to: to?.key ?? null,
        indicatorIds: body.indicatorIds,
        userId: user.id,
      });
      const row = (await this.repo.one(m, collaborationId, id))!;
      await this.audit.record(
        ctx,
        {
          action: 'shared_dashboard.create',
          entity: 'shared_dashboard',
          entityId: id,
          after: {
            title: row.title,
            indicatorIds: row.indicatorIds,
            granularity: row.granularity,
            from: row.from,
            to: row.to,
          },
        },
        m,
      );
      return toView(row);
    });
  }

  async revoke(ctx: RequestContext, id: string): Promise<SharedDashboardView> {
    const { collaborationId } = requireMember(ctx);
    const user = requireUser(ctx);
    return this.ds.transaction(async (m) => {
      await this.writeLock.lock(m, collaborationId, { allowArchived: true });
      const before = await this.repo.one(m, collaborationId, id);
      if (!before) throw notFound('Shared dashboard not found');
      if (before.revokedAt) return toView(before);
      await this.repo.revoke(m, collaborationId, id, user.id);
      const after = (await this.repo.one(m, collaborationId, id))!;
      await this.audit.record(
        ctx,
        {
          action: 'shared_dashboard.revoke',
          entity: 'shared_dashboard',
          entityId: id,
          before: { title: before.title, revokedAt: null },
          after: { title: after.title, revokedAt: after.revokedAt },
        },
        m,
      );
      return toView(after);
    });
  }

  /** The public read: 404 unknown token, 410 revoked. */
  async publicDashboard(token: string): Promise<PublicDashboard> {
    if (!TOKEN_SHAPE.test(token)) throw notFound(NOT_SHARED);
    const m = this.ds.manager;
    const d = await this.repo.byToken(m, token);
    if (!d) throw notFound(NOT_SHARED);
    if (d.revokedAt) throw new AppError(HttpStatus.GONE, NO_LONGER_SHARED);
    const collaboration = await this.repo.collaboration(m, d.collaborationId);
    if (!collaboration) throw notFound(NOT_SHARED);
    const fy = collaboration.fiscalYearStartMonth as FiscalYearStartMonth;

    const indicators = await this.repo.indicators(m, d.collaborationId, d.id);
    const ids = indicators.map((i) => i.id);
    const [progress, trajectories, wins] = ids.length
      ? await Promise.all([
          this.repo.progress(m, d.collaborationId, ids),
          this.repo.trajectories(m, d.collaborationId, ids),
          this.repo.activeWins(m, d.collaborationId, ids),
        ])
      : [[], [], []];

    const parse = (key: string | null) => {
      if (!key) return null;
      const p = parsePeriodKey(key, fy);
      return p.ok ? p.period : null;
    };
    const from = parse(d.from);
    const to = parse(d.to);
    let computedAt: string | null = null;

    const out: PublicIndicator[] = indicators.map((i) => {
      const granularity = granularityFor(d.granularity, i, fy);
      const rows = progress
        .filter((r) => r.indicatorId === i.id && r.granularity === granularity)
        .map((r) => ({ r, p: parse(r.period) }))
        // A period is in the range when its last month is (as in GET …/progress).
        .filter(
          ({ p }) =>
            p !== null && (!from || p.endIndex >= from.startIndex) && (!to || p.endIndex <= to.endIndex),
        )
        .sort((a, b) => a.p!.endIndex - b.p!.endIndex)
        .map(({ r }) => {
          if (computedAt === null || r.computedAt > computedAt) computedAt = r.computedAt;
          return {
            period: r.period,
            actual: r.actual,
            target: r.target,
            longTermTarget: r.longTermTarget,
            percentToLongTerm: r.percentToLongTerm,
            status: r.status,
          };
        });
      const t = trajectories.find((x) => x.indicatorId === i.id);
      return {
        id: i.id,
        code: i.code,
        name: i.name,
        definition: i.definition,
        unit: i.unit,
        valueType: i.valueType,
        direction: i.direction,
        granularity,
        baseline: { value: i.baselineValue, period: i.baselinePeriod },
        targets: i.targets,
        progress: rows,
        trajectory: t ? { projectedPeriod: t.projectedPeriod, reached: t.reached } : null,
      };
    });

    return {
      title: d.title,
      collaboration,
      granularity: d.granularity,
      from: d.from,
      to: d.to,
      indicators: out,
      wins: wins.map((w) => ({
        id: w.id,
        indicator: { id: w.indicatorId, name: w.indicatorName },
        kind: w.kind,
        milestonePeriod: w.milestonePeriod,
        milestoneValue: w.milestoneValue,
        metPeriod: w.metPeriod,
        metValue: w.metValue,
        firstMetAt: w.firstMetAt,
      })),
      computedAt,
    };
  }
}
