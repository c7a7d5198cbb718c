import { ActionIcon, Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBulb, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { LearningEntryView } from '@constellation/shared';
import { useState } from 'react';
import { ConfirmModal } from '../../../components/confirm-modal';
import { labelPeriod } from '../../../lib/periods';
import { CommentBody } from '../../comments/components/comment-body';
import { useLearningMutations } from '../hooks/use-learning';
import { LearningEntryForm } from './learning-entry-form';

/** "2025 Q2" or "2025 Q2 – 2025 Q4". */
export function learningPeriodLabel(e: Pick<LearningEntryView, 'period' | 'periodTo'>, fy: number): string {
  return e.periodTo ? `${labelPeriod(e.period, fy)} – ${labelPeriod(e.periodTo, fy)}` : labelPeriod(e.period, fy);
}

function Part({ label, text }: { label: string; text: string }) {
  if (!text) return null;
  return (
    <div>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        {label}
      </Text>
      <CommentBody body={text} mentions={[]} />
    </div>
  );
}

/** One learning-log entry, in full (under the chart and in the printed report). */
export function LearningEntryCard({
  entry,
  fy,
  showSharing,
  highlighted,
  onEdit,
  onDelete,
}: {
  entry: LearningEntryView;
  fy: number;
  showSharing: boolean;
  highlighted?: boolean;
  onEdit?: () => void;
  onDelete?: () => void;
}) {
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="article"
      id={`learning-${entry.id}`}
      aria-labelledby={`learning-title-${entry.id}`}
      tabIndex={-1}
      className="learning-entry"
      style={highlighted ? { borderColor: 'var(--mantine-color-violet-6)', boxShadow: '0 0 0 2px var(--mantine-color-violet-2)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" gap="xs" mb={6}>
        <div>
          <Title order={3} size="h5" id={`learning-title-${entry.id}`}>
            {entry.title}
          </Title>
          <Text size="xs" c="dimmed">
            {learningPeriodLabel(entry, fy)} · {entry.author.name}
            {entry.author.organisationName ? ` (${entry.author.organisationName})` : ''} · {entry.indicators.map((i) => i.code).join(', ')}
          </Text>
        </div>
        <Group gap={4} className="no-print">
          {showSharing && (
            <Badge variant="outline" color={entry.shareWithFunders ? 'teal.9' : 'gray.8'} tt="none" radius="sm">
              {entry.shareWithFunders ? 'Shared with funders' : 'Not shared with funders'}
            </Badge>
          )}
          {onEdit && (
            <ActionIcon variant="subtle" onClick={onEdit} aria-label={`Edit “${entry.title}”`}>
              <IconPencil size={16} aria-hidden />
            </ActionIcon>
          )}
          {onDelete && (
            <ActionIcon variant="subtle" color="red" onClick={onDelete} aria-label={`Delete “${entry.title}”`}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      </Group>
      <Stack gap={6}>
        <Part label="What we tried" text={entry.tried} />
        <Part label="What we learned" text={entry.learned} />
        <Part label="What we will change" text={entry.willChange} />
      </Stack>
    </Paper>
  );
}

/** "The story behind the curve": the learning-log entries of an indicator, under its chart. */
export function LearningStory({
  collaborationId,
  indicatorId,
  entries,
  fy,
  canWrite,
  showSharing,
  highlightedId,
  defaultPeriod,
}: {
  collaborationId: string;
  indicatorId: string;
  entries: LearningEntryView[];
  fy: number;
  canWrite: boolean;
  showSharing: boolean;
  highlightedId: string | null;
  defaultPeriod?: string;
}) {
  const [editing, setEditing] = useState<LearningEntryView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<LearningEntryView | null>(null);
  const { remove } = useLearningMutations(collaborationId);
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="story-heading" className="dashboard-card learning-story">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <IconBulb size={20} aria-hidden />
          <Title order={2} size="h3" id="story-heading">
            The story behind the curve
          </Title>
        </Group>
        {canWrite && (
          <Button size="xs" variant="light" className="no-print" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setEditing('new')}>
            Add to the learning log
          </Button>
        )}
      </Group>
      {entries.length === 0 ? (
        <Alert color="gray" variant="light">
          No learning-log entries for this indicator yet. {canWrite ? 'Note what you tried, what you learned and what you will change: it appears on the chart and in the funder report.' : ''}
        </Alert>
      ) : (
        <Stack gap="sm">
          {entries.map((e) => (
            <LearningEntryCard
              key={e.id}
              entry={e}
              fy={fy}
              showSharing={showSharing}
              highlighted={highlightedId === e.id}
              onEdit={e.canEdit ? () => setEditing(e) : undefined}
              onDelete={e.canEdit ? () => setDeleting(e) : undefined}
            />
          ))}
        </Stack>
      )}
      {editing && (
        <LearningEntryForm
          key={editing === 'new' ? 'new' : editing.id}
          collaborationId={collaborationId}
          opened
          onClose={() => setEditing(null)}
          indicatorId={indicatorId}
          defaultPeriod={defaultPeriod}
          entry={editing === 'new' ? null : editing}
        />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title="Delete this learning-log entry?"
        confirmLabel="Delete entry"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        “{deleting?.title}” is removed from the chart, the list and the funder report.
      </ConfirmModal>
    </Paper>
  );
}
