import { COLLABORATION_FORMS, COLLABORATION_FORM_LABELS } from '@constellation/shared';
import { ActionIcon, Button, Fieldset, Group, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo } from 'react';
import { MONTHS, timeZones } from '../../../lib/format';
import type { AgendaForm } from '../hooks/use-agenda-form';

const FORM_OPTIONS = COLLABORATION_FORMS.map((f) => ({ value: f, label: COLLABORATION_FORM_LABELS[f] }));
const MONTH_OPTIONS = MONTHS.map((m, i) => ({ value: String(i + 1), label: m }));

/** The common agenda's fields: used by the create wizard and by the agenda editor. */
export function AgendaFields({ form }: { form: AgendaForm }) {
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z.replace(/_/g, ' ') })), []);
  const principles = form.getValues().principles;

  return (
    <Stack gap="md">
      <Textarea
        label="The problem"
        description="What problem are you working on together? Who does it affect, and how much?"
        autosize
        minRows={3}
        maxRows={12}
        required
        {...form.getInputProps('problemStatement')}
      />
      <Textarea
        label="Vision"
        description="What will be different when you succeed? One or two sentences people can remember."
        autosize
        minRows={2}
        maxRows={8}
        required
        {...form.getInputProps('vision')}
      />

      <Fieldset
        legend="Principles"
        variant="unstyled"
        styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', marginBottom: 2 } }}
      >
        <Text size="xs" c="dimmed" mb="xs">
          How the partners agree to work together, for example “Decisions are made with the people most affected”.
        </Text>
        <Stack gap="xs">
          {principles.length === 0 && (
            <Text size="sm" c="dimmed" fs="italic">
              No principles yet.
            </Text>
          )}
          {principles.map((_, index) => (
            <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={`Principle ${index + 1}`}
                {...form.getInputProps(`principles.${index}`)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={26}
                size="lg"
                aria-label={`Remove principle ${index + 1}`}
                onClick={() => form.removeListItem('principles', index)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => form.insertListItem('principles', '')}
              disabled={principles.length >= 30}
            >
              Add a principle
            </Button>
          </Group>
        </Stack>
      </Fieldset>

      <TextInput
        label="Geography"
        description="Where the collaboration works, for example “The London Borough of Hackney”."
        {...form.getInputProps('geography')}
      />

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Form of collaboration"
          data={FORM_OPTIONS}
          allowDeselect={false}
          required
          {...form.getInputProps('form')}
        />
        <Select
          label="Fiscal year starts in"
          description="Used to label years such as FY 2025/26."
          data={MONTH_OPTIONS}
          allowDeselect={false}
          required
          {...form.getInputProps('fiscalYearStartMonth')}
        />
        <Select
          label="Time zone"
          description="Dates and reporting deadlines use this time zone."
          data={zones}
          searchable
          allowDeselect={false}
          nothingFoundMessage="No time zone matches"
          required
          {...form.getInputProps('timeZone')}
        />
      </SimpleGrid>

      <Switch
        label="Partners' numbers need approval by the backbone before they count"
        description="Leave this off to count numbers as soon as partners submit them."
        {...form.getInputProps('requiresApproval', { type: 'checkbox' })}
      />
    </Stack>
  );
}
