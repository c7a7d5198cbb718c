import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person. Reference table (not tenant-scoped): one account across collaborations. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Stored lower-cased; unique. */
  @Column({ type: 'text' }) email!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash!: string;
  /** The daily digest's time zone (null: the first collaboration's, else UTC). */
  @Column({ name: 'time_zone', type: 'text', nullable: true }) timeZone!: string | null;
  /** Local hour (0–23) from which the daily digest is sent. */
  @Column({ name: 'digest_hour', type: 'smallint', default: 8 }) digestHour!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
