import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One precomputed aggregate: indicator × granularity × period × cell × scope ('all' or a
 * partner id). Written only by the rollup worker; read by dashboards.
 */
@Entity({ name: 'rollups' })
export class RollupEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ name: 'indicator_id', type: 'uuid' }) indicatorId!: string;
  @PrimaryColumn({ type: 'text' }) granularity!: 'month' | 'quarter' | 'year';
  @PrimaryColumn({ type: 'text' }) period!: string;
  /** 'total' or a category-combination key. */
  @PrimaryColumn({ type: 'text' }) cell!: string;
  /** 'all' or a partner id. */
  @PrimaryColumn({ type: 'text' }) scope!: string;
  /** The aggregate; for ratios numerator/denominator, for percentages 100 × that. */
  @Column({ type: 'numeric' }) value!: string;
  @Column({ type: 'numeric', nullable: true }) numerator!: string | null;
  @Column({ type: 'numeric', nullable: true }) denominator!: string | null;
  @Column({ name: 'partner_count', type: 'int' }) partnerCount!: number;
  @Column({ name: 'value_count', type: 'int' }) valueCount!: number;
  @Column({ name: 'computed_at', type: 'timestamptz' }) computedAt!: Date;
}

/**
 * One collaboration's result in one scheduled reconciliation (worker/src/reconcile): its rollups
 * rebuilt into a scratch table and compared with the live ones. Written only by the worker.
 */
@Entity({ name: 'rollup_reconciliations' })
export class RollupReconciliationEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz' }) finishedAt!: Date;
  @Column({ name: 'indicators_checked', type: 'int' }) indicatorsChecked!: number;
  /** Indicators left out because changes to them were still on their way to the rollups. */
  @Column({ name: 'indicators_skipped', type: 'int' }) indicatorsSkipped!: number;
  @Column({ name: 'cells_compared', type: 'int' }) cellsCompared!: number;
  /** missing + extra + different. */
  @Column({ name: 'cells_drifted', type: 'int' }) cellsDrifted!: number;
  @Column({ name: 'cells_missing', type: 'int' }) cellsMissing!: number;
  @Column({ name: 'cells_extra', type: 'int' }) cellsExtra!: number;
  @Column({ name: 'cells_different', type: 'int' }) cellsDifferent!: number;
  @Column({ type: 'jsonb' }) examples!: unknown[];
  @Column({ type: 'boolean' }) repaired!: boolean;
}
