import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/api-client';
import type { CollaborationDetail } from '../api/collaborations-api';
import { useUpdateCollaboration } from '../hooks/use-collaborations';
import {
  type DashboardSettingsValues,
  serverErrorsOf,
  settingsToValues,
  validateDashboardSettings,
  valuesToSettings,
} from '../lib/settings-form';

/**
 * Settings page section: whether funders see each partner's contribution, and the status bands
 * (edited as percentages). Saved with PATCH /collaborations/:id; new bands make the worker
 * recompute every indicator's status.
 */
export function DashboardSettings({ collaboration: c, disabled }: { collaboration: CollaborationDetail; disabled: boolean }) {
  const update = useUpdateCollaboration(c.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<DashboardSettingsValues>({
    mode: 'controlled',
    initialValues: settingsToValues(c.settings),
    validate: validateDashboardSettings,
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const next = valuesToSettings(values);
    const bandsChanged =
      next.statusBands.onTrack !== c.settings.statusBands.onTrack || next.statusBands.atRisk !== c.settings.statusBands.atRisk;
    update.mutate(
      {
        ...(next.showContributionsToFunders !== c.settings.showContributionsToFunders
          ? { showContributionsToFunders: next.showContributionsToFunders }
          : {}),
        ...(bandsChanged ? { statusBands: next.statusBands } : {}),
      },
      {
        onSuccess: (d) => {
          const saved = settingsToValues(d.settings);
          form.setValues(saved);
          form.resetDirty(saved);
          notifications.show({
            color: 'green',
            message: bandsChanged
              ? 'Settings saved. Every indicator’s status is being recalculated with the new bands.'
              : 'Settings saved.',
          });
        },
        onError: (e) => {
          const fieldErrors = e instanceof ApiError ? serverErrorsOf(e.details) : {};
          if (Object.keys(fieldErrors).length > 0) form.setErrors(fieldErrors);
          else setFormError(errorMessage(e));
        },
      },
    );
  });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="dashboards-heading">
      <Title order={2} size="h3" id="dashboards-heading" mb="xs">
        Dashboards and progress
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Who sees partners’ numbers, and when an indicator counts as on track, at risk or off track.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Switch
            label="Show each partner’s contribution to funders"
            description="Off: funders see results across all partners only. On: funders also see each partner’s numbers and the values behind a result, as the backbone does. Partners always see only their own."
            disabled={disabled}
            {...form.getInputProps('showContributionsToFunders', { type: 'checkbox' })}
          />
          <Text size="sm">
            Status compares how far an indicator has moved from its baseline with how far its target for the period has
            (100% = exactly on target).
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label="On track from"
              description="At least this share of the way to the period’s target (usually 95%)."
              suffix="%"
              min={0}
              max={100}
              step={5}
              decimalScale={2}
              required
              disabled={disabled}
              {...form.getInputProps('onTrackPercent')}
            />
            <NumberInput
              label="At risk from"
              description="Below on track but at least this share: at risk; below it: off track (usually 80%)."
              suffix="%"
              min={0}
              max={100}
              step={5}
              decimalScale={2}
              required
              disabled={disabled}
              {...form.getInputProps('atRiskPercent')}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={disabled || !form.isDirty()}>
              Save dashboard settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
