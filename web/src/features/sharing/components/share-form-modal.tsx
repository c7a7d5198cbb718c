import {
  type CreateSharedDashboardInput,
  createSharedDashboardSchema,
  MAX_SHARED_INDICATORS,
} from '@constellation/shared';
import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import type { Indicator } from '../../indicators/api/indicators-api';

interface FormValues {
  title: string;
  indicatorIds: string[];
  granularity: string;
  from: string;
  to: string;
}

/** Form values → request body: empty optional fields are left out. */
function toBody(v: FormValues): CreateSharedDashboardInput {
  return {
    title: v.title,
    indicatorIds: v.indicatorIds,
    ...(v.granularity ? { granularity: v.granularity as CreateSharedDashboardInput['granularity'] } : {}),
    ...(v.from.trim() ? { from: v.from.trim() } : {}),
    ...(v.to.trim() ? { to: v.to.trim() } : {}),
  };
}

interface ShareFormModalProps {
  opened: boolean;
  collaborationName: string;
  indicators: Indicator[];
  saving: boolean;
  onClose: () => void;
  onSave: (body: CreateSharedDashboardInput, onError: (e: unknown) => void) => void;
}

function ShareForm({
  collaborationName,
  indicators,
  saving,
  onClose,
  onSave,
}: Omit<ShareFormModalProps, 'opened'>) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<FormValues>({
    mode: 'controlled',
    initialValues: {
      title: `${collaborationName}: our progress`,
      indicatorIds: [],
      granularity: '',
      from: '',
      to: '',
    },
    validate: zodValidator(createSharedDashboardSchema, toBody),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    onSave(toBody(values), (e) =>
      setFormError(applyServerErrors(form, e, (p) => p.split('.')[0]! in values)),
    );
  });
  // A server error naming `indicatorIds.N` belongs to the picker.
  const indicatorError =
    form.errors.indicatorIds ?? Object.entries(form.errors).find(([k]) => k.startsWith('indicatorIds.'))?.[1];
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Title"
          description="Shown at the top of the public page."
          required
          data-autofocus
          {...form.getInputProps('title')}
        />
        <MultiSelect
          label="Indicators"
          description={`In the order they appear on the page (up to ${MAX_SHARED_INDICATORS}).`}
          placeholder={form.values.indicatorIds.length ? undefined : 'Choose indicators'}
          required
          searchable
          hidePickedOptions
          maxValues={MAX_SHARED_INDICATORS}
          nothingFoundMessage="No indicator matches"
          data={indicators.map((i) => ({ value: i.id, label: i.name }))}
          {...form.getInputProps('indicatorIds')}
          error={indicatorError}
        />
        <Select
          label="Period size on the charts"
          data={[
            { value: '', label: 'Automatic: as each indicator reports (flows by their targets’ period)' },
            { value: 'month', label: 'Months' },
            { value: 'quarter', label: 'Quarters' },
            { value: 'year', label: 'Years' },
          ]}
          allowDeselect={false}
          {...form.getInputProps('granularity')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label="From (optional)"
            placeholder="e.g. 2025-01 or FY2025"
            {...form.getInputProps('from')}
          />
          <TextInput label="To (optional)" placeholder="e.g. 2026-Q4" {...form.getInputProps('to')} />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          Anyone with the link sees these indicators’ totals across all partners, their targets and the
          milestones met. No partner, person or single partner’s figures are ever shown. You can revoke the
          link at any time.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            Publish link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ShareFormModal({ opened, ...rest }: ShareFormModalProps) {
  return (
    <Modal opened={opened} onClose={rest.onClose} title="New public dashboard link" size="lg">
      {opened && <ShareForm {...rest} />}
    </Modal>
  );
}
