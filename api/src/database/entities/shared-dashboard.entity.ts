import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A public, read-only dashboard of chosen indicators at /share/<token>; revocable. */
@Entity({ name: 'shared_dashboards' })
export class SharedDashboardEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  /** 256 random bits, base64url; a publishable link (re-viewable by the backbone), not a credential. */
  @Column({ type: 'text' }) token!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text', nullable: true }) granularity!: 'month' | 'quarter' | 'year' | null;
  @Column({ name: 'period_from', type: 'text', nullable: true }) periodFrom!: string | null;
  @Column({ name: 'period_to', type: 'text', nullable: true }) periodTo!: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ name: 'revoked_by', type: 'uuid', nullable: true }) revokedBy!: string | null;
}

/** The indicators a shared dashboard shows, in the chosen order. */
@Entity({ name: 'shared_dashboard_indicators' })
export class SharedDashboardIndicatorEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ name: 'dashboard_id', type: 'uuid' }) dashboardId!: string;
  @PrimaryColumn({ name: 'indicator_id', type: 'uuid' }) indicatorId!: string;
  @Column({ type: 'int' }) position!: number;
}
