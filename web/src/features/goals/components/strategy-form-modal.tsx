import { strategyInputSchema, type StrategyInput } from '@constellation/shared';
import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import type { Strategy } from '../../collaborations/api/collaborations-api';

interface StrategyFormModalProps {
  opened: boolean;
  goalTitle: string;
  strategy?: Strategy | null;
  saving: boolean;
  onClose: () => void;
  onSave: (values: StrategyInput, onError: (e: unknown) => void) => void;
}

function StrategyForm({ strategy, saving, onClose, onSave }: Omit<StrategyFormModalProps, 'opened' | 'goalTitle'>) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<StrategyInput>({
    mode: 'controlled',
    initialValues: { name: strategy?.name ?? '', description: strategy?.description ?? '' },
    validate: zodValidator(strategyInputSchema),
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
          label="Strategy"
          description="A pillar or outcome area, for example “Support parents in the early years”."
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Textarea label="Description" autosize minRows={3} {...form.getInputProps('description')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {strategy ? 'Save strategy' : 'Add strategy'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function StrategyFormModal({ opened, goalTitle, strategy, saving, onClose, onSave }: StrategyFormModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={strategy ? 'Edit strategy' : `Add a strategy to “${goalTitle}”`} size="lg">
      <StrategyForm key={strategy?.id ?? 'new'} strategy={strategy} saving={saving} onClose={onClose} onSave={onSave} />
    </Modal>
  );
}
