import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One saved version of a collaboration's common agenda. Never updated, only added. */
@Entity({ name: 'agenda_versions' })
export class AgendaVersionEntity {
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid' }) collaborationId!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column({ name: 'problem_statement', type: 'text' }) problemStatement!: string;
  @Column({ type: 'text' }) vision!: string;
  @Column({ type: 'jsonb' }) principles!: string[];
  @Column({ type: 'text' }) geography!: string;
  @Column({ type: 'text' }) form!: string;
  @Column({ name: 'fiscal_year_start_month', type: 'smallint' }) fiscalYearStartMonth!: number;
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  @Column({ name: 'requires_approval', type: 'boolean' }) requiresApproval!: boolean;
  @Column({ name: 'change_note', type: 'text' }) changeNote!: string;
  @Column({ name: 'author_id', type: 'uuid' }) authorId!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
