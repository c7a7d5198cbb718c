import { goalInputSchema, type GoalInput } from '@constellation/shared';
import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import type { Goal } from '../../collaborations/api/collaborations-api';

interface GoalFormModalProps {
  opened: boolean;
  goal?: Goal | null;
  saving: boolean;
  onClose: () => void;
  onSave: (values: GoalInput, onError: (e: unknown) => void) => void;
}

function GoalForm({ goal, saving, onClose, onSave }: Omit<GoalFormModalProps, 'opened'>) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<GoalInput>({
    mode: 'controlled',
    initialValues: { title: goal?.title ?? '', description: goal?.description ?? '', targetDate: goal?.targetDate ?? '' },
    validate: zodValidator(goalInputSchema),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    onSave(values, (e) => setFormError(applyServerErrors(form, e, (p) => p in values)));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Goal"
          description="A long-term result for the whole population, in plain words."
          required
          data-autofocus
          {...form.getInputProps('title')}
        />
        <TextInput label="Target date" type="date" required w={{ base: '100%', xs: 220 }} {...form.getInputProps('targetDate')} />
        <Textarea label="Description" autosize minRows={3} {...form.getInputProps('description')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {goal ? 'Save goal' : 'Add goal'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function GoalFormModal({ opened, goal, saving, onClose, onSave }: GoalFormModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={goal ? 'Edit goal' : 'Add a goal'} size="lg">
      <GoalForm key={goal?.id ?? 'new'} goal={goal} saving={saving} onClose={onClose} onSave={onSave} />
    </Modal>
  );
}
