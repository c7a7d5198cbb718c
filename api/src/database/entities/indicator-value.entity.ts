import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ValueStatus = 'draft' | 'submitted' | 'approved' | 'returned';

/** One partner's number for one indicator, native period and cell (optionally one activity). */
@Entity({ name: 'indicator_values' })
export class IndicatorValueEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ name: 'indicator_id', type: 'uuid' }) indicatorId!: string;
  @Column({ name: 'partner_id', type: 'uuid' }) partnerId!: string;
  @Column({ type: 'text' }) period!: string;
  /** 'total' or 'dimKey=catKey;dimKey=catKey' in the indicator's dimension order. */
  @Column({ type: 'text' }) cell!: string;
  @Column({ name: 'activity_id', type: 'uuid', nullable: true }) activityId!: string | null;
  @Column({ type: 'numeric', nullable: true }) value!: string | null;
  @Column({ type: 'numeric', nullable: true }) numerator!: string | null;
  @Column({ type: 'numeric', nullable: true }) denominator!: string | null;
  @Column({ type: 'text' }) status!: ValueStatus;
  @Column({ type: 'text' }) comment!: string;
  @Column({ name: 'return_reason', type: 'text', nullable: true }) returnReason!: string | null;
  @Column({ type: 'boolean' }) flagged!: boolean;
  @Column({ name: 'flag_reason', type: 'text', nullable: true }) flagReason!: string | null;
  @Column({ type: 'int' }) version!: number;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Column({ type: 'text' }) via!: 'web' | 'api' | 'import' | 'seed';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true }) reviewedBy!: string | null;
}

@Entity({ name: 'value_revisions' })
export class ValueRevisionEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id!: string;
  @Column({ name: 'value_id', type: 'uuid' }) valueId!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'text' }) action!: 'create' | 'update' | 'submit' | 'approve' | 'return' | 'delete';
  @Column({ type: 'jsonb', nullable: true }) before!: object | null;
  @Column({ type: 'jsonb', nullable: true }) after!: object | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId!: string | null;
  @Column({ type: 'text' }) via!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ name: 'period_locks' })
export class PeriodLockEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'text' }) period!: string;
  @Column({ name: 'locked_by', type: 'uuid' }) lockedBy!: string;
  @Column({ name: 'locked_at', type: 'timestamptz' }) lockedAt!: Date;
}

/** Written with every accepted value change, in the same transaction; the rollup relay consumes it. */
@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ name: 'indicator_id', type: 'uuid', nullable: true }) indicatorId!: string | null;
  @Column({ type: 'text', nullable: true }) period!: string | null;
  @Column({ type: 'jsonb' }) payload!: object;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true }) processedAt!: Date | null;
}
