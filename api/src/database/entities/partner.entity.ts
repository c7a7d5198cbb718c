import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type PartnerKind = 'backbone' | 'partner' | 'funder';
/** pending = asked to join with the join code, awaiting backbone approval. */
export type PartnerStatus = 'invited' | 'pending' | 'active' | 'left' | 'rejected';

/** An organisation's participation in a collaboration. */
@Entity({ name: 'partners' })
export class PartnerEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId!: string;
  @Column({ type: 'text' }) kind!: PartnerKind;
  @Column({ type: 'text' }) status!: PartnerStatus;
  @Column({ type: 'text', nullable: true }) sector!: string | null;
  @Column({ name: 'endorsed_agenda_version', type: 'int', nullable: true }) endorsedAgendaVersion!: number | null;
  @Column({ name: 'endorsed_at', type: 'timestamptz', nullable: true }) endorsedAt!: Date | null;
  @Column({ name: 'endorsed_by', type: 'uuid', nullable: true }) endorsedBy!: string | null;
  @Column({ name: 'joined_at', type: 'timestamptz', nullable: true }) joinedAt!: Date | null;
  @Column({ name: 'requested_by', type: 'uuid', nullable: true }) requestedBy!: string | null;
  @Column({ name: 'request_message', type: 'text', nullable: true }) requestMessage!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
