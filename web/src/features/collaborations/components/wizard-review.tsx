import type { CreateCollaborationInput } from '@constellation/shared';
import { Button, Divider, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { formatDate, monthName } from '../../../lib/format';
import { formLabel } from '../../../lib/labels';

function Section({ title, step, onEdit, children }: { title: string; step: number; onEdit: (s: number) => void; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Group justify="space-between">
        <Title order={3} size="h4">
          {title}
        </Title>
        <Button variant="subtle" size="xs" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => onEdit(step)}>
          Change {title.toLowerCase()}
        </Button>
      </Group>
      {children}
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" align="baseline" wrap="nowrap">
      <Text size="sm" c="dimmed" w={170} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" style={{ minWidth: 0 }} className="preserve-lines">
        {children}
      </Text>
    </Group>
  );
}

/** Step 4: everything the wizard will send, with a way back to each step. */
export function WizardReview({ input, onEdit }: { input: CreateCollaborationInput; onEdit: (step: number) => void }) {
  const a = input.agenda;
  return (
    <Stack gap="lg">
      <Section title="Name" step={0} onEdit={onEdit}>
        <Row label="Collaboration">{input.name}</Row>
        <Row label="Backbone organisation">{input.backboneOrganisationName}</Row>
        {input.slug && <Row label="Short name">{input.slug}</Row>}
      </Section>
      <Divider />
      <Section title="Common agenda" step={1} onEdit={onEdit}>
        <Row label="The problem">{a.problemStatement}</Row>
        <Row label="Vision">{a.vision}</Row>
        <Row label="Principles">{a.principles.length ? a.principles.join('\n') : 'None yet'}</Row>
        <Row label="Geography">{a.geography || 'Not given'}</Row>
        <Row label="Form">{formLabel(a.form)}</Row>
        <Row label="Fiscal year starts">{monthName(a.fiscalYearStartMonth)}</Row>
        <Row label="Time zone">{a.timeZone}</Row>
        <Row label="Numbers need approval">{a.requiresApproval ? 'Yes' : 'No'}</Row>
      </Section>
      <Divider />
      <Section title="Goals" step={2} onEdit={onEdit}>
        {input.goals.length === 0 ? (
          <Text size="sm" c="dimmed">
            No goals yet. You can add them later from the Goals page.
          </Text>
        ) : (
          <List spacing="sm">
            {input.goals.map((g, i) => (
              <List.Item key={i}>
                <Text size="sm" fw={600}>
                  {g.title}{' '}
                  <Text span size="sm" c="dimmed" fw={400}>
                    by {formatDate(g.targetDate)}
                  </Text>
                </Text>
                {g.strategies.length > 0 && (
                  <List size="sm" withPadding listStyleType="circle">
                    {g.strategies.map((s, j) => (
                      <List.Item key={j}>{s.name}</List.Item>
                    ))}
                  </List>
                )}
              </List.Item>
            ))}
          </List>
        )}
      </Section>
    </Stack>
  );
}
