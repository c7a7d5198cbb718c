import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A long-term, population-level result with a target date. */
@Entity({ name: 'goals' })
export class GoalEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'target_date', type: 'date' }) targetDate!: string;
  @Column({ type: 'int' }) position!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
