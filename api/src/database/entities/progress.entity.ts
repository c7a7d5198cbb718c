import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Progress of one indicator for one period: written only by the worker (worker/src/progress). */
@Entity({ name: 'progress' })
export class ProgressEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ name: 'indicator_id', type: 'uuid' }) indicatorId!: string;
  @PrimaryColumn({ type: 'text' }) granularity!: 'month' | 'quarter' | 'year';
  @PrimaryColumn({ type: 'text' }) period!: string;
  /** The all-partner total for the period; null when no value counts. */
  @Column({ type: 'numeric', nullable: true }) actual!: string | null;
  @Column({ type: 'numeric' }) baseline!: string;
  /** The target interpolated for the period (placed at its last month). */
  @Column({ type: 'numeric' }) target!: string;
  @Column({ name: 'long_term_target', type: 'numeric' }) longTermTarget!: string;
  @Column({ name: 'percent_to_long_term', type: 'double precision', nullable: true }) percentToLongTerm!: number | null;
  @Column({ type: 'double precision', nullable: true }) ratio!: number | null;
  @Column({ type: 'text' }) status!: 'on_track' | 'at_risk' | 'off_track' | 'no_data';
  @Column({ name: 'computed_at', type: 'timestamptz' }) computedAt!: Date;
}

/** A milestone met: recorded once, withdrawn (never deleted) when a revision undoes it. */
@Entity({ name: 'wins' })
export class WinEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'indicator_id', type: 'uuid' }) indicatorId!: string;
  @Column({ type: 'text' }) kind!: 'milestone' | 'long_term';
  @Column({ name: 'milestone_period', type: 'text' }) milestonePeriod!: string;
  @Column({ name: 'milestone_value', type: 'numeric' }) milestoneValue!: string;
  @Column({ name: 'met_period', type: 'text' }) metPeriod!: string;
  @Column({ name: 'met_value', type: 'numeric' }) metValue!: string;
  @Column({ type: 'text' }) status!: 'active' | 'withdrawn';
  @Column({ name: 'first_met_at', type: 'timestamptz' }) firstMetAt!: Date;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Where the recent pace leads: the period the long-term target is reached in, or none. */
@Entity({ name: 'indicator_trajectory' })
export class IndicatorTrajectoryEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ name: 'indicator_id', type: 'uuid' }) indicatorId!: string;
  @Column({ type: 'text' }) granularity!: 'month' | 'quarter' | 'year';
  @Column({ name: 'projected_period', type: 'text', nullable: true }) projectedPeriod!: string | null;
  @Column({ type: 'boolean' }) reached!: boolean;
  @Column({ name: 'slope_per_month', type: 'double precision', nullable: true }) slopePerMonth!: number | null;
  @Column({ name: 'computed_at', type: 'timestamptz' }) computedAt!: Date;
}
