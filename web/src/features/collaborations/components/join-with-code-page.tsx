import { joinRequestSchema, SECTORS, type JoinRequestInput } from '@constellation/shared';
import { Alert, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconClockCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { isApiError } from '../../../lib/api-client';
import { SECTOR_LABELS } from '../../../lib/labels';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import type { JoinRequestResult } from '../api/collaborations-api';
import { useRequestToJoin } from '../hooks/use-collaborations';

interface JoinValues {
  joinCode: string;
  organisationName: string;
  sector: string;
  message: string;
}

const toBody = (v: JoinValues): JoinRequestInput => ({
  joinCode: v.joinCode,
  organisationName: v.organisationName,
  ...(v.sector ? { sector: v.sector as JoinRequestInput['sector'] } : {}),
  ...(v.message.trim() ? { message: v.message } : {}),
});

export function JoinWithCodePage() {
  const [params] = useSearchParams();
  const join = useRequestToJoin();
  const [sent, setSent] = useState<JoinRequestResult | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<JoinValues>({
    mode: 'controlled',
    initialValues: { joinCode: params.get('code') ?? '', organisationName: '', sector: '', message: '' },
    validate: zodValidator(joinRequestSchema, toBody),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    join.mutate(toBody(values), {
      onSuccess: setSent,
      onError: (e) => {
        if (isApiError(e, 404)) form.setFieldError('joinCode', 'No collaboration has this code. Check it with the backbone team.');
        else if (isApiError(e, 409)) setFormError('You have already asked to join this collaboration, or you are already a member.');
        else setFormError(applyServerErrors(form, e, (p) => p in values));
      },
    });
  });

  return (
    <>
      <PageHeader
        title="Join with a code"
        description="A backbone team can share its collaboration's 8-character join code. Ask to join on behalf of your organisation; they approve each request."
      />
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} maw={640}>
        {sent ? (
          <Stack>
            <Alert color="green" icon={<IconClockCheck aria-hidden />} title="Request sent" role="status">
              You asked to join <strong>{sent.collaboration.name}</strong>. The backbone team will review your request; once they
              approve it, the collaboration appears in your list.
            </Alert>
            <Group>
              <Button component={Link} to="/">
                Back to my collaborations
              </Button>
            </Group>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              {formError && (
                <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
                  {formError}
                </Alert>
              )}
              <TextInput
                label="Join code"
                description="8 letters and digits, for example K7Q2M9XD."
                required
                maxLength={8}
                styles={{ input: { fontFamily: 'monospace', letterSpacing: 2, textTransform: 'uppercase' } }}
                autoComplete="off"
                data-autofocus
                {...form.getInputProps('joinCode')}
              />
              <TextInput label="Your organisation" required {...form.getInputProps('organisationName')} />
              <Select
                label="Sector"
                placeholder="Choose a sector"
                data={SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))}
                clearable
                {...form.getInputProps('sector')}
              />
              <Textarea
                label="A note for the backbone team (optional)"
                description="Who you are and what your organisation does."
                autosize
                minRows={3}
                {...form.getInputProps('message')}
              />
              <Text size="xs" c="dimmed">
                By asking to join, you will be asked to read and endorse the collaboration's common agenda.
              </Text>
              <Group justify="flex-end">
                <Button variant="default" component={Link} to="/">
                  Cancel
                </Button>
                <Button type="submit" loading={join.isPending}>
                  Ask to join
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Paper>
    </>
  );
}
