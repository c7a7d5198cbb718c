import { updateCollaborationSchema, type UpdateCollaborationInput } from '@constellation/shared';
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../../components/confirm-modal';
import { NotFoundPanel } from '../../../components/not-found-page';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import { useCollaborationContext } from '../hooks/use-collaboration-context';
import { useArchiveCollaboration, useUpdateCollaboration } from '../hooks/use-collaborations';
import { DashboardSettings } from './dashboard-settings';

interface SettingsValues {
  name: string;
  slug: string;
}

export function SettingsPage() {
  const { collaborationId, collaboration: c, can } = useCollaborationContext();
  const update = useUpdateCollaboration(collaborationId);
  const archive = useArchiveCollaboration(collaborationId);
  const [confirming, setConfirming] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SettingsValues>({
    mode: 'controlled',
    initialValues: { name: c.name, slug: c.slug },
    validate: zodValidator(updateCollaborationSchema),
  });
  if (!can('collaboration.manage')) return <NotFoundPanel forbidden />;
  const archived = c.status === 'archived';

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const body: UpdateCollaborationInput = {};
    if (values.name !== c.name) body.name = values.name;
    if (values.slug !== c.slug) body.slug = values.slug;
    if (Object.keys(body).length === 0) {
      notifications.show({ message: 'Nothing to save: no changes.' });
      return;
    }
    update.mutate(body, {
      onSuccess: (d) => {
        form.setValues({ name: d.name, slug: d.slug });
        form.resetDirty({ name: d.name, slug: d.slug });
        notifications.show({ color: 'green', message: 'Settings saved.' });
      },
      onError: (e) => setFormError(applyServerErrors(form, e, (p) => p === 'name' || p === 'slug')),
    });
  });

  return (
    <>
      <PageHeader title="Settings" description={`Created on ${formatDate(c.createdAt)}.`} />
      <Stack gap="lg" maw={720}>
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="details-heading">
          <Title order={2} size="h3" id="details-heading" mb="md">
            Name and link
          </Title>
          <form onSubmit={submit} noValidate>
            <Stack>
              {formError && (
                <Alert color="red" role="alert">
                  {formError}
                </Alert>
              )}
              <TextInput label="Name" required disabled={archived} {...form.getInputProps('name')} />
              <TextInput
                label="Short name for links"
                description="Lowercase letters, digits and single hyphens."
                required
                disabled={archived}
                {...form.getInputProps('slug')}
              />
              <Group justify="flex-end">
                <Button type="submit" loading={update.isPending} disabled={archived || !form.isDirty()}>
                  Save changes
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>

        <DashboardSettings collaboration={c} disabled={archived} />

        <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="archive-heading">
          <Title order={2} size="h3" id="archive-heading" mb="xs">
            {archived ? 'Bring the collaboration back' : 'Archive the collaboration'}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {archived
              ? `Archived${c.archivedAt ? ` on ${formatDate(c.archivedAt)}` : ''}. Bringing it back lets partners work in it again.`
              : 'When the work is over, archive the collaboration: everything is kept and stays readable, but nothing new can be added. You can bring it back later.'}
          </Text>
          <Button
            variant={archived ? 'default' : 'outline'}
            color={archived ? undefined : 'red'}
            leftSection={archived ? <IconArchiveOff size={16} aria-hidden /> : <IconArchive size={16} aria-hidden />}
            onClick={() => setConfirming(true)}
          >
            {archived ? 'Bring back' : 'Archive…'}
          </Button>
        </Paper>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={archived ? `Bring back ${c.name}?` : `Archive ${c.name}?`}
        confirmLabel={archived ? 'Bring back' : 'Archive collaboration'}
        danger={!archived}
        loading={archive.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          archive.mutate(!archived, {
            onSuccess: () => {
              setConfirming(false);
              notifications.show({ color: 'green', message: archived ? 'The collaboration is active again.' : 'The collaboration is archived.' });
            },
            onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
          })
        }
      >
        {archived
          ? 'Partners will be able to add and change things again.'
          : 'Everyone keeps read access, but no one can change the agenda, goals or partners until it is brought back.'}
      </ConfirmModal>
    </>
  );
}
