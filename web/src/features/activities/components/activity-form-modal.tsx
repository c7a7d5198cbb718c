import { ACTIVITY_STATUSES, createActivitySchema } from '@constellation/shared';
import { Alert, Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import type { Goal } from '../../collaborations/api/collaborations-api';
import type { ActivitySummary } from '../api/activities-api';
import { useActivityMutations } from '../hooks/use-activities';
import { ACTIVITY_STATUS_LABELS } from '../labels';

interface Values {
  partnerId: string;
  name: string;
  description: string;
  status: (typeof ACTIVITY_STATUSES)[number];
  startDate: string;
  endDate: string;
  strategyId: string;
  indicatorIds: string[];
}

const toBody = (v: Values) => ({
  ...(v.partnerId ? { partnerId: v.partnerId } : {}),
  name: v.name,
  description: v.description,
  status: v.status,
  startDate: v.startDate || null,
  endDate: v.endDate || null,
  strategyId: v.strategyId || null,
  indicatorIds: v.indicatorIds,
});

interface Props {
  opened: boolean;
  onClose: () => void;
  collaborationId: string;
  activity: ActivitySummary | null;
  goals: Goal[];
  indicators: { id: string; code: string; name: string }[];
  /** Partners the backbone may choose from; empty for a partner (its own organisation). */
  partners: { id: string; name: string }[];
  defaultPartnerId?: string;
}

function ActivityForm({ onClose, collaborationId, activity, goals, indicators, partners, defaultPartnerId }: Omit<Props, 'opened'>) {
  const { create, update } = useActivityMutations(collaborationId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      partnerId: activity?.partnerId ?? defaultPartnerId ?? '',
      name: activity?.name ?? '',
      description: activity?.description ?? '',
      status: activity?.status ?? 'planned',
      startDate: activity?.startDate ?? '',
      endDate: activity?.endDate ?? '',
      strategyId: activity?.strategyId ?? '',
      indicatorIds: activity?.indicatorIds ?? [],
    },
    validate: zodValidator(createActivitySchema, toBody),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    const body = toBody(values);
    const onError = (e: unknown) => setFormError(applyServerErrors(form, e, (p) => p.split('.')[0] in values));
    const onSuccess = () => {
      notifications.show({ color: 'green', message: `Activity “${values.name}” saved.` });
      onClose();
    };
    if (activity) {
      const { partnerId: _ignored, ...rest } = body as ReturnType<typeof toBody> & { partnerId?: string };
      void _ignored;
      update.mutate({ id: activity.id, body: rest }, { onSuccess, onError });
    } else create.mutate(body, { onSuccess, onError });
  });
  const strategies = goals.flatMap((g) => g.strategies.map((s) => ({ value: s.id, label: s.name, group: g.title })));
  const grouped = goals
    .map((g) => ({ group: g.title, items: g.strategies.map((s) => ({ value: s.id, label: s.name })) }))
    .filter((g) => g.items.length > 0);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        {partners.length > 0 && !activity && (
          <Select
            label="Partner"
            description="Whose activity this is."
            data={partners.map((p) => ({ value: p.id, label: p.name }))}
            allowDeselect={false}
            {...form.getInputProps('partnerId')}
          />
        )}
        <TextInput label="Activity name" required data-autofocus {...form.getInputProps('name')} />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Status"
            data={ACTIVITY_STATUSES.map((s) => ({ value: s, label: ACTIVITY_STATUS_LABELS[s] }))}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          <TextInput label="Start date" type="date" {...form.getInputProps('startDate')} />
          <TextInput label="End date" type="date" {...form.getInputProps('endDate')} />
        </SimpleGrid>
        <Select
          label="Strategy"
          description="The part of the plan this activity serves."
          data={[{ group: 'No strategy', items: [{ value: '', label: 'None' }] }, ...grouped]}
          allowDeselect={false}
          disabled={strategies.length === 0}
          {...form.getInputProps('strategyId')}
        />
        <MultiSelect
          label="Indicators it contributes to"
          data={indicators.map((i) => ({ value: i.id, label: `${i.code} · ${i.name}` }))}
          searchable
          {...form.getInputProps('indicatorIds')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {activity ? 'Save activity' : 'Add activity'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ActivityFormModal(props: Props) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.activity ? 'Edit activity' : 'Log an activity'} size="lg">
      {props.opened && <ActivityForm key={props.activity?.id ?? 'new'} {...props} />}
    </Modal>
  );
}
