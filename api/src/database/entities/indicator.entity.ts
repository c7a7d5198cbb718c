import type { AggregationAcrossPartners, AggregationOverTime, Direction, MeasureType, ValueType } from '@constellation/shared';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A shared measure. Numbers are numeric in PostgreSQL and decimal strings here. */
@Entity({ name: 'indicators' })
export class IndicatorEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) definition!: string;
  @Column({ type: 'text' }) unit!: string;
  @Column({ name: 'value_type', type: 'text' }) valueType!: ValueType;
  @Column({ type: 'text' }) direction!: Direction;
  @Column({ type: 'text' }) periodicity!: 'month' | 'quarter' | 'year';
  @Column({ name: 'aggregation_across', type: 'text' }) aggregationAcross!: AggregationAcrossPartners;
  @Column({ name: 'aggregation_over_time', type: 'text' }) aggregationOverTime!: AggregationOverTime;
  @Column({ name: 'goal_id', type: 'uuid' }) goalId!: string;
  @Column({ name: 'strategy_id', type: 'uuid', nullable: true }) strategyId!: string | null;
  @Column({ name: 'baseline_value', type: 'numeric' }) baselineValue!: string;
  @Column({ name: 'baseline_period', type: 'text' }) baselinePeriod!: string;
  @Column({ name: 'data_source', type: 'text' }) dataSource!: string;
  @Column({ name: 'measure_type', type: 'text' }) measureType!: MeasureType;
  @Column({ name: 'min_value', type: 'numeric', nullable: true }) minValue!: string | null;
  @Column({ name: 'max_value', type: 'numeric', nullable: true }) maxValue!: string | null;
  @Column({ type: 'text' }) status!: 'active' | 'retired';
  @Column({ type: 'int' }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}

@Entity({ name: 'indicator_dimensions' })
export class IndicatorDimensionEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ name: 'indicator_id', type: 'uuid' }) indicatorId!: string;
  @PrimaryColumn({ name: 'dimension_id', type: 'uuid' }) dimensionId!: string;
  @Column({ type: 'int' }) position!: number;
}

@Entity({ name: 'indicator_targets' })
export class IndicatorTargetEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ name: 'indicator_id', type: 'uuid' }) indicatorId!: string;
  @PrimaryColumn({ type: 'text' }) period!: string;
  @Column({ type: 'numeric' }) value!: string;
  @Column({ type: 'text' }) kind!: 'milestone' | 'long_term';
}

@Entity({ name: 'indicator_revisions' })
export class IndicatorRevisionEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id!: string;
  @Column({ name: 'indicator_id', type: 'uuid' }) indicatorId!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'jsonb' }) definition!: object;
  @Column({ name: 'change_note', type: 'text' }) changeNote!: string;
  @Column({ name: 'requires_recompute', type: 'boolean' }) requiresRecompute!: boolean;
  @Column({ name: 'author_id', type: 'uuid' }) authorId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
