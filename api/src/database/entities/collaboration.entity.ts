import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The tenant. Its agenda lives in agenda_versions; current_agenda_version points at the latest. */
@Entity({ name: 'collaborations' })
export class CollaborationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) slug!: string;
  @Column({ name: 'backbone_organisation_id', type: 'uuid' }) backboneOrganisationId!: string;
  /** 8 characters, A-Z0-9; organisations ask to join with it. */
  @Column({ name: 'join_code', type: 'text' }) joinCode!: string;
  @Column({ type: 'text', default: 'active' }) status!: 'active' | 'archived';
  @Column({ name: 'current_agenda_version', type: 'int' }) currentAgendaVersion!: number;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
  /** Funders see per-partner rollups and "show the math" only when this is on. */
  @Column({ name: 'show_contributions_to_funders', type: 'boolean', default: false }) showContributionsToFunders!: boolean;
  /** Lower bounds of the progress ratio for on_track and at_risk (read by the worker). */
  @Column({ name: 'status_band_on_track', type: 'numeric', default: 0.95 }) statusBandOnTrack!: string;
  @Column({ name: 'status_band_at_risk', type: 'numeric', default: 0.8 }) statusBandAtRisk!: string;
}
