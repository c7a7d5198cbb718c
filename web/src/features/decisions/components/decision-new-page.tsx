import {
  ActionIcon,
  Alert,
  Button,
  Group,
  List,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { DecisionChange, DecisionKind, IndicatorView } from '@constellation/shared';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import { DIRECTION_LABELS, options, TARGET_KIND_LABELS } from '../../indicators/labels';
import { useDecisionMutations } from '../hooks/use-decisions';
import { KIND_LABELS } from './decision-labels';

interface TargetRow {
  period: string;
  value: string;
  kind: 'milestone' | 'long_term';
}
const DEFINITION_FIELDS = ['code', 'name', 'definition', 'unit', 'direction', 'dataSource'] as const;
type DefinitionField = (typeof DEFINITION_FIELDS)[number];
const FIELD_LABELS: Record<DefinitionField, string> = {
  code: 'Code',
  name: 'Name',
  definition: 'Definition',
  unit: 'Unit',
  direction: 'Direction',
  dataSource: 'Data source',
};

/** Open a proposal: a title, the rationale and one structured change. */
export function DecisionNewPage() {
  const { collaborationId, collaboration } = useCollaborationContext();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const indicators = useIndicators(collaborationId);
  const { create } = useDecisionMutations(collaborationId);
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const [kind, setKind] = useState<DecisionKind>(search.get('kind') === 'agenda' ? 'agenda' : search.get('kind') === 'definition' ? 'definition' : 'targets');
  const [indicatorId, setIndicatorId] = useState<string | null>(null);
  const [targets, setTargets] = useState<TargetRow[]>([]);
  const [fields, setFields] = useState<Record<DefinitionField, string>>({ code: '', name: '', definition: '', unit: '', direction: '', dataSource: '' });
  const agenda = collaboration.agenda;
  const [problemStatement, setProblemStatement] = useState(agenda.problemStatement);
  const [vision, setVision] = useState(agenda.vision);
  const [principles, setPrinciples] = useState(agenda.principles.join('\n'));
  const [geography, setGeography] = useState(agenda.geography);
  const [error, setError] = useState<{ message: string; details: string[] } | null>(null);

  const chosen = (indicators.data ?? []).find((i) => i.id === indicatorId) ?? null;
  const pick = (i: IndicatorView | null) => {
    setIndicatorId(i?.id ?? null);
    setTargets(i ? i.targets.map((t) => ({ ...t })) : []);
    setFields(
      i
        ? { code: i.code, name: i.name, definition: i.definition, unit: i.unit, direction: i.direction, dataSource: i.dataSource }
        : { code: '', name: '', definition: '', unit: '', direction: '', dataSource: '' },
    );
  };
  // Coming from an indicator page: that indicator is chosen once the list is there.
  const wanted = search.get('indicatorId');
  if (wanted && indicatorId === null && indicators.data?.some((i) => i.id === wanted)) pick(indicators.data.find((i) => i.id === wanted)!);

  const setTarget = (n: number, patch: Partial<TargetRow>) => setTargets((rows) => rows.map((r, i) => (i === n ? { ...r, ...patch } : r)));

  const change = (): DecisionChange | null => {
    if (kind === 'agenda') {
      return {
        kind,
        problemStatement,
        vision,
        principles: principles
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean),
        geography,
      };
    }
    if (!indicatorId) return null;
    if (kind === 'targets') return { kind, indicatorId, targets };
    const changed = Object.fromEntries(DEFINITION_FIELDS.filter((f) => chosen && fields[f] !== String(chosen[f])).map((f) => [f, fields[f]]));
    return { kind, indicatorId, fields: changed } as DecisionChange;
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const c = change();
    if (!c) {
      setError({ message: 'Choose the indicator the proposal changes.', details: [] });
      return;
    }
    try {
      const created = await create.mutateAsync({ title, rationale, change: c });
      navigate(`/collaborations/${collaborationId}/decisions/${created.id}`);
    } catch (err) {
      setError({
        message: errorMessage(err),
        details: isApiError(err, 400) ? err.details.map((d) => `${d.path}: ${d.message}`) : [],
      });
    }
  };

  return (
    <>
      <PageHeader
        title="Propose a change"
        description="Partners discuss the proposal (support, object, comment); the backbone records the decision. An accepted change is applied with a link to this record."
      />
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={880}>
          <Paper withBorder p="lg" radius="md">
            <Stack gap="sm">
              <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={200} />
              <Textarea
                label="Rationale"
                description="Why this change? Basic formatting works."
                required
                autosize
                minRows={3}
                value={rationale}
                onChange={(e) => setRationale(e.currentTarget.value)}
              />
              <div>
                <Text size="sm" fw={500} mb={4} id="change-kind-label">
                  What it changes
                </Text>
                <SegmentedControl
                  aria-labelledby="change-kind-label"
                  value={kind}
                  onChange={(v) => setKind(v as DecisionKind)}
                  data={(['targets', 'definition', 'agenda'] as const).map((k) => ({ value: k, label: KIND_LABELS[k] }))}
                />
              </div>
              {kind !== 'agenda' && (
                <Select
                  label="Indicator"
                  required
                  searchable
                  data={(indicators.data ?? []).map((i) => ({ value: i.id, label: `${i.code} · ${i.name}` }))}
                  value={indicatorId}
                  onChange={(v) => pick((indicators.data ?? []).find((i) => i.id === v) ?? null)}
                />
              )}
            </Stack>
          </Paper>

          {kind === 'targets' && chosen && (
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="proposed-targets">
              <Title order={2} size="h4" id="proposed-targets" mb="xs">
                Proposed targets
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                Today&apos;s targets of {chosen.code}. Change a value, add a milestone or remove one.
              </Text>
              <Table.ScrollContainer minWidth={480} type="native" tabIndex={0} aria-label="Proposed targets, scrolls sideways">
                <Table aria-label="Proposed targets">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Kind</Table.Th>
                      <Table.Th scope="col">Period</Table.Th>
                      <Table.Th scope="col">Value</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>Remove</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {targets.map((t, n) => (
                      <Table.Tr key={n}>
                        <Table.Td>
                          <Select
                            aria-label={`Kind of target ${n + 1}`}
                            data={options(TARGET_KIND_LABELS)}
                            value={t.kind}
                            allowDeselect={false}
                            onChange={(v) => setTarget(n, { kind: (v ?? 'milestone') as TargetRow['kind'] })}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput aria-label={`Period of target ${n + 1}`} value={t.period} onChange={(e) => setTarget(n, { period: e.currentTarget.value })} />
                        </Table.Td>
                        <Table.Td>
                          <TextInput aria-label={`Value of target ${n + 1}`} value={t.value} onChange={(e) => setTarget(n, { value: e.currentTarget.value })} />
                        </Table.Td>
                        <Table.Td>
                          <ActionIcon variant="subtle" color="red" aria-label={`Remove target ${n + 1}`} onClick={() => setTargets((rows) => rows.filter((_, i) => i !== n))}>
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Button
                variant="subtle"
                size="xs"
                mt="xs"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => setTargets((rows) => [...rows, { period: '', value: '', kind: 'milestone' }])}
              >
                Add a milestone
              </Button>
            </Paper>
          )}

          {kind === 'definition' && chosen && (
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="proposed-definition">
              <Title order={2} size="h4" id="proposed-definition" mb="xs">
                Proposed definition
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                Only fields that do not change what reported values mean can be proposed here; change the rest by retiring the indicator and creating a new one.
              </Text>
              <Stack gap="sm">
                {DEFINITION_FIELDS.map((f) =>
                  f === 'direction' ? (
                    <Select
                      key={f}
                      label={FIELD_LABELS[f]}
                      data={options(DIRECTION_LABELS)}
                      value={fields[f]}
                      allowDeselect={false}
                      onChange={(v) => setFields((x) => ({ ...x, [f]: v ?? x[f] }))}
                    />
                  ) : f === 'definition' ? (
                    <Textarea key={f} label={FIELD_LABELS[f]} autosize minRows={2} value={fields[f]} onChange={(e) => setFields((x) => ({ ...x, [f]: e.currentTarget.value }))} />
                  ) : (
                    <TextInput key={f} label={FIELD_LABELS[f]} value={fields[f]} onChange={(e) => setFields((x) => ({ ...x, [f]: e.currentTarget.value }))} />
                  ),
                )}
              </Stack>
            </Paper>
          )}

          {kind === 'agenda' && (
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="proposed-agenda">
              <Title order={2} size="h4" id="proposed-agenda" mb="sm">
                Proposed agenda text
              </Title>
              <Stack gap="sm">
                <Textarea label="Problem statement" required autosize minRows={2} value={problemStatement} onChange={(e) => setProblemStatement(e.currentTarget.value)} />
                <Textarea label="Vision" required autosize minRows={2} value={vision} onChange={(e) => setVision(e.currentTarget.value)} />
                <Textarea label="Principles" description="One per line" autosize minRows={2} value={principles} onChange={(e) => setPrinciples(e.currentTarget.value)} />
                <TextInput label="Geography" value={geography} onChange={(e) => setGeography(e.currentTarget.value)} />
              </Stack>
            </Paper>
          )}

          {error && (
            <Alert color="red" title="The proposal was not opened" role="alert">
              {error.message}
              {error.details.length > 0 && (
                <List size="sm" mt="xs">
                  {error.details.map((d) => (
                    <List.Item key={d}>{d}</List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Open the proposal
            </Button>
            <Button variant="default" onClick={() => navigate(`/collaborations/${collaborationId}/decisions`)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
