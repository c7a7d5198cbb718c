import { dimensionInputSchema, type DimensionInput } from '@constellation/shared';
import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCategory, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../../components/confirm-modal';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage } from '../../../lib/api-client';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import type { Dimension } from '../api/indicators-api';
import { useDimensions, useIndicatorMutations } from '../hooks/use-indicators';

function DimensionForm({ dimension, collaborationId, onDone }: { dimension: Dimension | null; collaborationId: string; onDone: () => void }) {
  const { createDimension, updateDimension } = useIndicatorMutations(collaborationId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<DimensionInput>({
    mode: 'controlled',
    initialValues: {
      key: dimension?.key ?? '',
      name: dimension?.name ?? '',
      categories: dimension?.categories.map((c) => ({ key: c.key, name: c.name })) ?? [{ key: '', name: '' }],
    },
    validate: zodValidator(dimensionInputSchema),
  });
  const saving = createDimension.isPending || updateDimension.isPending;
  const submit = form.onSubmit((values) => {
    setFormError(null);
    const onError = (e: unknown) => setFormError(applyServerErrors(form, e));
    const onSuccess = () => {
      notifications.show({ color: 'green', message: `Breakdown “${values.name}” saved.` });
      onDone();
    };
    if (dimension) updateDimension.mutate({ id: dimension.id, body: { name: values.name, categories: values.categories } }, { onSuccess, onError });
    else createDimension.mutate(values, { onSuccess, onError });
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput label="Name" description="As people say it, e.g. “Age band”." required data-autofocus {...form.getInputProps('name')} />
        <TextInput
          label="Key"
          description="Lower-case letters, digits, _ or -; used in files and the api. It cannot change later."
          required
          disabled={!!dimension}
          {...form.getInputProps('key')}
        />
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Categories
          </Text>
          {form.values.categories.map((_, i) => (
            <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
              <TextInput label={`Category ${i + 1} name`} style={{ flex: 2 }} {...form.getInputProps(`categories.${i}.name`)} />
              <TextInput label={`Category ${i + 1} key`} style={{ flex: 1 }} {...form.getInputProps(`categories.${i}.key`)} />
              <ActionIcon
                mt={26}
                variant="subtle"
                color="red"
                aria-label={`Remove category ${i + 1}`}
                disabled={form.values.categories.length === 1}
                onClick={() => form.removeListItem('categories', i)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          {typeof form.errors.categories === 'string' && (
            <Text c="red" size="sm">
              {form.errors.categories}
            </Text>
          )}
          <Group>
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('categories', { key: '', name: '' })}>
              Add a category
            </Button>
          </Group>
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            Save breakdown
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Disaggregation dimensions ("age band", "neighbourhood") shared by several indicators. */
export function DimensionsPanel({ collaborationId, canManage }: { collaborationId: string; canManage: boolean }) {
  const dimensions = useDimensions(collaborationId);
  const { deleteDimension } = useIndicatorMutations(collaborationId);
  const [editing, setEditing] = useState<Dimension | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Dimension | null>(null);

  if (dimensions.isPending) return <PageLoader />;
  if (dimensions.isError) return <ErrorState error={dimensions.error} onRetry={() => dimensions.refetch()} what="the breakdowns" />;
  const add = canManage ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
      Add a breakdown
    </Button>
  ) : undefined;
  return (
    <>
      {dimensions.data.length === 0 ? (
        <EmptyStatePanel icon={<IconCategory size={28} aria-hidden />} title="No breakdowns yet" headingOrder={2} actions={add}>
          A breakdown (dimension) splits an indicator&apos;s numbers into categories, such as age band or neighbourhood. One breakdown can
          serve several indicators.
        </EmptyStatePanel>
      ) : (
        <Stack>
          {add && <Group justify="flex-end">{add}</Group>}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {dimensions.data.map((d) => (
              <Card key={d.id} withBorder radius="md" padding="md">
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <div>
                    <Title order={2} size="h4">
                      {d.name}
                    </Title>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {d.key}
                    </Text>
                  </div>
                  {canManage && (
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon variant="subtle" aria-label={`Edit ${d.name}`} onClick={() => setEditing(d)}>
                        <IconPencil size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="red" aria-label={`Delete ${d.name}`} onClick={() => setDeleting(d)}>
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  )}
                </Group>
                <Group gap={6} mt="sm">
                  {d.categories.map((c) => (
                    <Badge key={c.id} variant="light" color="gray" tt="none" radius="sm">
                      {c.name}
                    </Badge>
                  ))}
                </Group>
                <Text size="xs" c="dimmed" mt="sm">
                  {d.usedBy.length === 0 ? 'Not used by any indicator yet' : `Used by ${d.usedBy.map((u) => u.code).join(', ')}`}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        </Stack>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'Add a breakdown' : 'Edit breakdown'} size="lg">
        {editing !== null && (
          <DimensionForm
            key={editing === 'new' ? 'new' : editing.id}
            dimension={editing === 'new' ? null : editing}
            collaborationId={collaborationId}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <ConfirmModal
        opened={deleting !== null}
        title="Delete this breakdown?"
        confirmLabel="Delete breakdown"
        danger
        loading={deleteDimension.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          deleteDimension.mutate(deleting.id, {
            onSuccess: () => setDeleting(null),
            onError: (e) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(e) }),
          })
        }
      >
        “{deleting?.name}” and its categories will be removed. Breakdowns that indicators use cannot be deleted.
      </ConfirmModal>
    </>
  );
}
