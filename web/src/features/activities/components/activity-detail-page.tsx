import { activityNarrativeSchema } from '@constellation/shared';
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../../components/confirm-modal';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import { formatDate, formatDateTime } from '../../../lib/format';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import { useActivity, useActivityMutations } from '../hooks/use-activities';
import { ActivityFormModal } from './activity-form-modal';
import { ActivityStatusBadge } from './activity-status-badge';
import { ActivityValues } from './activity-values';
import { CommentThread } from '../../comments/components/comment-thread';
import { LinkedUpdates } from '../../updates/components/linked-updates';

export function ActivityDetailPage() {
  const { collaborationId, collaboration, membership, can } = useCollaborationContext();
  const { activityId = '' } = useParams();
  const navigate = useNavigate();
  const activity = useActivity(collaborationId, activityId);
  const indicators = useIndicators(collaborationId);
  // Retired indicators too: a value attributed to the activity may belong to one.
  const allIndicators = useIndicators(collaborationId, 'all');
  const { postUpdate, remove } = useActivityMutations(collaborationId);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [updateError, setUpdateError] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { body: '' }, validate: zodValidator(activityNarrativeSchema) });

  if (activity.isPending) return <PageLoader />;
  if (activity.isError) return <ErrorState error={activity.error} onRetry={() => activity.refetch()} what="the activity" />;
  const a = activity.data;
  const mine = membership.partnerKind === 'backbone' || membership.partnerId === a.partnerId;
  const canManage = can('activities.manage') && mine;
  const indicatorsBase = `/collaborations/${collaborationId}/indicators`;

  return (
    <>
      <PageHeader
        title={a.name}
        description={
          <Group gap="xs" component="span">
            <Text span size="sm">
              {a.organisationName}
            </Text>
            <ActivityStatusBadge status={a.status} />
          </Group>
        }
        actions={
          canManage ? (
            <>
              <Button variant="default" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(true)}>
                Delete
              </Button>
              <Button leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
                Edit
              </Button>
            </>
          ) : undefined
        }
      />
      <Stack gap="lg">
        <Paper withBorder p="lg" radius="md">
          {a.description && (
            <Text size="sm" mb="md" style={{ whiteSpace: 'pre-wrap' }}>
              {a.description}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <div>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                Strategy
              </Text>
              <Text size="sm">{a.strategy?.name ?? 'None'}</Text>
            </div>
            <div>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                Dates
              </Text>
              <Text size="sm">{a.startDate || a.endDate ? `${formatDate(a.startDate) || '…'} – ${formatDate(a.endDate) || 'ongoing'}` : 'Not set'}</Text>
            </div>
            <div>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                Contributes to
              </Text>
              {a.indicators.length === 0 ? (
                <Text size="sm">No indicators linked</Text>
              ) : (
                <Stack gap={2}>
                  {a.indicators.map((i) => (
                    <Anchor key={i.id} component={Link} to={`${indicatorsBase}/${i.id}`} size="sm">
                      {i.code} · {i.name}
                    </Anchor>
                  ))}
                </Stack>
              )}
            </div>
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h3" mb="sm">
            Updates
          </Title>
          {canManage && (
            <form
              noValidate
              onSubmit={form.onSubmit((values) => {
                setUpdateError(null);
                postUpdate.mutate(
                  { id: a.id, body: values.body },
                  { onSuccess: () => form.reset(), onError: (e) => setUpdateError(applyServerErrors(form, e)) },
                )
              })}
            >
              <Stack gap="xs" mb="md">
                {updateError && <Alert color="red">{updateError}</Alert>}
                <Textarea label="Post an update" description="What happened, what you are learning." autosize minRows={2} {...form.getInputProps('body')} />
                <Group justify="flex-end">
                  <Button type="submit" loading={postUpdate.isPending}>
                    Post update
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
          {a.updates.length === 0 ? (
            <Text size="sm" c="dimmed">
              No updates yet.{canManage ? ' Post the first one: a short note on progress helps everyone learn.' : ''}
            </Text>
          ) : (
            <Stack gap="md" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {a.updates.map((u) => (
                <li key={u.id}>
                  <Text size="xs" c="dimmed">
                    {u.author.name} · {formatDateTime(u.createdAt)}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {u.body}
                  </Text>
                </li>
              ))}
            </Stack>
          )}
        </Paper>
        {can('values.read') && mine && (
          <Paper withBorder p="lg" radius="md">
            <ActivityValues
              collaborationId={collaborationId}
              activityId={a.id}
              partnerId={a.partnerId}
              indicators={allIndicators.data ?? []}
              fy={collaboration.agenda.fiscalYearStartMonth}
            />
          </Paper>
        )}
        <Paper withBorder p="md" radius="md">
          <LinkedUpdates activityId={a.id} />
        </Paper>
        <Paper withBorder p="md" radius="md">
          <CommentThread collaborationId={collaborationId} on="activity" id={a.id} canMention={can('members.read')} />
        </Paper>
      </Stack>
      {canManage && (
        <ActivityFormModal
          opened={editing}
          onClose={() => setEditing(false)}
          collaborationId={collaborationId}
          activity={a}
          goals={collaboration.goals}
          indicators={indicators.data ?? []}
          partners={[]}
        />
      )}
      <ConfirmModal
        opened={deleting}
        title="Delete this activity?"
        confirmLabel="Delete activity"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(a.id, {
            onSuccess: () => navigate(`/collaborations/${collaborationId}/activities`),
            onError: (e) => {
              setDeleting(false);
              notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(e) });
            },
          })
        }
      >
        “{a.name}” and its updates will be removed. An activity that values are attributed to cannot be deleted.
      </ConfirmModal>
    </>
  );
}
