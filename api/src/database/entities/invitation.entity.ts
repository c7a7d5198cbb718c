import type { Role } from '@constellation/shared';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A single-use, expiring invitation. The emailed link carries a token; only its SHA-256 is stored. */
@Entity({ name: 'invitations' })
export class InvitationEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ type: 'text' }) email!: string;
  /** The partner row this invitation joins (created as status "invited" for a new organisation). */
  @Column({ name: 'partner_id', type: 'uuid' }) partnerId!: string;
  @Column({ type: 'text' }) role!: Role;
  @Column({ name: 'token_hash', type: 'text' }) tokenHash!: string;
  @Column({ type: 'text', nullable: true }) message!: string | null;
  @Column({ name: 'invited_by', type: 'uuid' }) invitedBy!: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  @Column({ name: 'accepted_by', type: 'uuid', nullable: true }) acceptedBy!: string | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
