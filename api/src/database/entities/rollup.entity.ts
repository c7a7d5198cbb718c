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
