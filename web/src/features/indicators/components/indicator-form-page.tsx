import {
  AGGREGATIONS_OVER_TIME,
  DIRECTIONS,
  GRANULARITIES,
  indicatorCreateSchema,
  indicatorIssues,
  isRatioType,
  MEASURE_TYPES,
  VALUE_TYPES,
  type IndicatorInput,
  type ValueType,
} from '@constellation/shared';
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Fieldset,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../../components/confirm-modal';
import { ErrorState } from '../../../components/error-state';
import { NotFoundPanel } from '../../../components/not-found-page';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { ApiError } from '../../../lib/api-client';
import { labelPeriod } from '../../../lib/periods';
import { applyServerErrors, humanizeMessage, zodValidator, type FieldErrors } from '../../../lib/zod-form';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import type { Indicator } from '../api/indicators-api';
import { useDimensions, useIndicator, useIndicatorMutations } from '../hooks/use-indicators';
import {
  ACROSS_LABELS,
  DIRECTION_LABELS,
  MEASURE_LABELS,
  OVER_TIME_LABELS,
  PERIODICITY_LABELS,
  TARGET_KIND_LABELS,
  VALUE_TYPE_LABELS,
} from '../labels';

interface TargetRow {
  period: string;
  value: string;
  kind: 'milestone' | 'long_term';
}
export interface IndicatorFormValues {
  code: string;
  name: string;
  definition: string;
  unit: string;
  valueType: ValueType;
  direction: (typeof DIRECTIONS)[number];
  periodicity: (typeof GRANULARITIES)[number];
  aggregationAcrossPartners: string;
  aggregationOverTime: (typeof AGGREGATIONS_OVER_TIME)[number];
  dimensions: string[];
  baseline: { value: string; period: string };
  targets: TargetRow[];
  dataSource: string;
  measureType: (typeof MEASURE_TYPES)[number];
  goalId: string;
  strategyId: string;
  minValue: string;
  maxValue: string;
  changeNote: string;
}

function initialValues(indicator: Indicator | undefined, goalId: string): IndicatorFormValues {
  if (!indicator)
    return {
      code: '',
      name: '',
      definition: '',
      unit: '',
      valueType: 'count',
      direction: 'increase',
      periodicity: 'quarter',
      aggregationAcrossPartners: 'sum',
      aggregationOverTime: 'sum',
      dimensions: [],
      baseline: { value: '', period: '' },
      targets: [{ period: '', value: '', kind: 'long_term' }],
      dataSource: '',
      measureType: 'population',
      goalId,
      strategyId: '',
      minValue: '',
      maxValue: '',
      changeNote: '',
    };
  return {
    code: indicator.code,
    name: indicator.name,
    definition: indicator.definition,
    unit: indicator.unit,
    valueType: indicator.valueType,
    direction: indicator.direction,
    periodicity: indicator.periodicity,
    aggregationAcrossPartners: indicator.aggregationAcrossPartners,
    aggregationOverTime: indicator.aggregationOverTime,
    dimensions: indicator.dimensions.map((d) => d.id),
    baseline: { ...indicator.baseline },
    targets: indicator.targets.map((t) => ({ ...t })),
    dataSource: indicator.dataSource,
    measureType: indicator.measureType,
    goalId: indicator.goalId,
    strategyId: indicator.strategyId ?? '',
    minValue: indicator.minValue ?? '',
    maxValue: indicator.maxValue ?? '',
    changeNote: '',
  };
}

/** The request body: empty optional fields become null. */
function toBody(v: IndicatorFormValues) {
  return {
    ...v,
    strategyId: v.strategyId || null,
    minValue: v.minValue.trim() === '' ? null : v.minValue,
    maxValue: v.maxValue.trim() === '' ? null : v.maxValue,
  };
}

const opts = (values: readonly string[], labels: Record<string, string>) => values.map((value) => ({ value, label: labels[value] ?? value }));

function IndicatorForm({ indicator, onReload }: { indicator?: Indicator; onReload: () => void }) {
  const { collaborationId, collaboration } = useCollaborationContext();
  const fy = collaboration.agenda.fiscalYearStartMonth;
  const navigate = useNavigate();
  const dimensions = useDimensions(collaborationId);
  const { create, update } = useIndicatorMutations(collaborationId);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [recompute, setRecompute] = useState<string | null>(null);
  const shape = zodValidator<IndicatorFormValues, ReturnType<typeof toBody>>(indicatorCreateSchema, toBody);

  const form = useForm<IndicatorFormValues>({
    mode: 'controlled',
    initialValues: initialValues(indicator, collaboration.goals[0]?.id ?? ''),
    validate: (values): FieldErrors => {
      const errors = shape(values);
      if (Object.keys(errors).length > 0) return errors;
      const parsed = indicatorCreateSchema.safeParse(toBody(values));
      if (!parsed.success) return errors;
      for (const d of indicatorIssues(parsed.data as unknown as IndicatorInput, fy)) {
        if (!(d.path in errors)) errors[d.path] = humanizeMessage(d.message);
      }
      return errors;
    },
  });
  const v = form.values;
  const ratio = isRatioType(v.valueType);
  const goal = collaboration.goals.find((g) => g.id === v.goalId);

  const setValueType = (valueType: ValueType) => {
    form.setFieldValue('valueType', valueType);
    if (isRatioType(valueType)) form.setFieldValue('aggregationAcrossPartners', 'ratio');
    else if (v.aggregationAcrossPartners === 'ratio') form.setFieldValue('aggregationAcrossPartners', 'sum');
  };

  const onError = (e: unknown, values: IndicatorFormValues) => {
    if (e instanceof ApiError && e.status === 409 && e.details.some((d) => d.path === 'version')) {
      setStale(e.message);
      return;
    }
    if (e instanceof ApiError && e.status === 409 && e.message.includes('confirmRecompute')) {
      setRecompute(e.message.replace(/\s*Send confirmRecompute.*$/, ''));
      return;
    }
    setFormError(applyServerErrors(form, e, (p) => p.split('.')[0] in values));
  };

  const save = (values: IndicatorFormValues, confirmRecompute = false) => {
    setFormError(null);
    const body = toBody(values);
    if (!indicator) {
      create.mutate(body, {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `Indicator ${created.code} created.` });
          navigate(`/collaborations/${collaborationId}/indicators/${created.id}`);
        },
        onError: (e) => onError(e, values),
      });
    } else {
      update.mutate(
        { id: indicator.id, body: { ...body, version: indicator.version, confirmRecompute } },
        {
          onSuccess: (saved) => {
            setRecompute(null);
            notifications.show({ color: 'green', message: `Indicator ${saved.code} saved (version ${saved.version}).` });
            navigate(`/collaborations/${collaborationId}/indicators/${saved.id}`);
          },
          onError: (e) => {
            setRecompute(null);
            onError(e, values);
          },
        },
      );
    }
  };

  const periodHint = (key: string) => {
    const label = key.trim() ? labelPeriod(key.trim().toUpperCase(), fy) : '';
    return label && label !== key.trim().toUpperCase() ? label : undefined;
  };

  return (
    <form onSubmit={form.onSubmit((values) => save(values))} noValidate>
      <Stack gap="lg">
        {stale && (
          <Alert color="orange" role="alert" title="This indicator changed while you were editing">
            <Stack gap="xs">
              <Text size="sm">{stale}</Text>
              <Group>
                <Button size="xs" variant="default" leftSection={<IconRefresh size={14} aria-hidden />} onClick={onReload}>
                  Reload the latest version
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Fieldset legend="What it measures">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Code" description="Short and stable, e.g. EDU-01." required {...form.getInputProps('code')} />
              <TextInput label="Name" description="In plain words." required style={{ gridColumn: 'span 2' }} {...form.getInputProps('name')} />
            </SimpleGrid>
            <Textarea label="Definition" description="Exactly what is counted, and what is not." required autosize minRows={3} {...form.getInputProps('definition')} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Unit" description="e.g. people, £, %" required {...form.getInputProps('unit')} />
              <Select
                label="Value type"
                data={opts(VALUE_TYPES, VALUE_TYPE_LABELS)}
                allowDeselect={false}
                {...form.getInputProps('valueType')}
                onChange={(x) => x && setValueType(x as ValueType)}
              />
              <Select label="Direction" data={opts(DIRECTIONS, DIRECTION_LABELS)} allowDeselect={false} {...form.getInputProps('direction')} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select label="Reported" data={opts(GRANULARITIES, PERIODICITY_LABELS)} allowDeselect={false} {...form.getInputProps('periodicity')} />
              <Select
                label="Across partners"
                data={ratio ? [{ value: 'ratio', label: ACROSS_LABELS.ratio }] : opts(['sum', 'average', 'min', 'max'], ACROSS_LABELS)}
                allowDeselect={false}
                description={ratio ? 'Percentages and ratios always add numerators and denominators.' : undefined}
                {...form.getInputProps('aggregationAcrossPartners')}
              />
              <Select label="Over time" data={opts(AGGREGATIONS_OVER_TIME, OVER_TIME_LABELS)} allowDeselect={false} {...form.getInputProps('aggregationOverTime')} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select label="Kind of measure" data={opts(MEASURE_TYPES, MEASURE_LABELS)} allowDeselect={false} {...form.getInputProps('measureType')} />
              <TextInput label="Lowest allowed value" description="Optional" inputMode="decimal" {...form.getInputProps('minValue')} />
              <TextInput label="Highest allowed value" description="Optional" inputMode="decimal" {...form.getInputProps('maxValue')} />
            </SimpleGrid>
            <MultiSelect
              label="Breakdowns"
              description={
                <>
                  Up to four dimensions such as age band.{' '}
                  <Anchor component={Link} to={`/collaborations/${collaborationId}/indicators?tab=dimensions`} size="xs" underline="always">
                    Manage breakdowns
                  </Anchor>
                </>
              }
              data={(dimensions.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
              placeholder={dimensions.data?.length === 0 ? 'No breakdowns defined yet' : 'None'}
              {...form.getInputProps('dimensions')}
            />
            <TextInput label="Data source" description="Where the numbers come from." {...form.getInputProps('dataSource')} />
          </Stack>
        </Fieldset>

        <Fieldset legend="Where it sits">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Goal"
              data={collaboration.goals.map((g) => ({ value: g.id, label: g.title }))}
              allowDeselect={false}
              {...form.getInputProps('goalId')}
              onChange={(x) => {
                form.setFieldValue('goalId', x ?? '');
                form.setFieldValue('strategyId', '');
              }}
            />
            <Select
              label="Strategy"
              description="Optional"
              data={[{ value: '', label: 'None (the goal as a whole)' }, ...(goal?.strategies ?? []).map((s) => ({ value: s.id, label: s.name }))]}
              allowDeselect={false}
              {...form.getInputProps('strategyId')}
            />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Baseline, milestones and long-term target">
          <Stack>
            <Text size="sm" c="dimmed">
              Periods are written like 2026-03 (a month), 2026-Q1 (a quarter) or 2026 (a year)
              {fy !== 1 ? '; fiscal years as FY2025 or FY2025-Q1' : ''}. A target is what should be reached by the end of its period.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Baseline value" required inputMode="decimal" {...form.getInputProps('baseline.value')} />
              <TextInput
                label="Baseline period"
                required
                placeholder="2025"
                {...form.getInputProps('baseline.period')}
                description={periodHint(v.baseline.period)}
              />
            </SimpleGrid>
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label="Targets" verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Period</Table.Th>
                    <Table.Th scope="col">Value</Table.Th>
                    <Table.Th scope="col">Kind</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Remove</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {v.targets.map((t, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>
                        <TextInput
                          aria-label={`Target ${i + 1} period`}
                          placeholder="2030"
                          {...form.getInputProps(`targets.${i}.period`)}
                          description={periodHint(t.period)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput aria-label={`Target ${i + 1} value`} inputMode="decimal" {...form.getInputProps(`targets.${i}.value`)} />
                      </Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={`Target ${i + 1} kind`}
                          data={opts(['milestone', 'long_term'], TARGET_KIND_LABELS)}
                          allowDeselect={false}
                          {...form.getInputProps(`targets.${i}.kind`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove target ${i + 1}`}
                          disabled={v.targets.length === 1}
                          onClick={() => form.removeListItem('targets', i)}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {typeof form.errors.targets === 'string' && (
              <Text c="red" size="sm" role="alert">
                {form.errors.targets}
              </Text>
            )}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => form.insertListItem('targets', { period: '', value: '', kind: 'milestone' })}
              >
                Add a milestone
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        {indicator && (
          <Textarea
            label="What changed and why"
            description="Kept in the revision history."
            autosize
            minRows={2}
            {...form.getInputProps('changeNote')}
          />
        )}
        <Group justify="flex-end">
          <Button
            variant="default"
            component={Link}
            to={indicator ? `/collaborations/${collaborationId}/indicators/${indicator.id}` : `/collaborations/${collaborationId}/indicators`}
          >
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {indicator ? 'Save indicator' : 'Create indicator'}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={recompute !== null}
        title="Change the meaning of reported values?"
        confirmLabel="Record the change and recompute"
        loading={update.isPending}
        onClose={() => setRecompute(null)}
        onConfirm={() => save(form.values, true)}
      >
        <Text size="sm">{recompute}</Text>
        <Text size="sm" mt="sm">
          The change is recorded in the revision history and every total for this indicator is rebuilt from its values.
        </Text>
      </ConfirmModal>
    </form>
  );
}

export function IndicatorFormPage() {
  const { collaborationId, can, collaboration } = useCollaborationContext();
  const { indicatorId } = useParams();
  const indicator = useIndicator(collaborationId, indicatorId ?? '');
  const [reloads, setReloads] = useState(0);
  if (!can('indicators.manage')) return <NotFoundPanel forbidden />;
  if (indicatorId) {
    if (indicator.isPending) return <PageLoader />;
    if (indicator.isError) return <ErrorState error={indicator.error} onRetry={() => indicator.refetch()} what="the indicator" />;
  }
  const current = indicatorId ? indicator.data : undefined;
  return (
    <>
      <PageHeader
        title={current ? `Edit ${current.code}` : 'Add an indicator'}
        description={current ? current.name : 'A shared measure every partner will report the same way.'}
      />
      {collaboration.goals.length === 0 ? (
        <Alert color="orange">Add a goal first: every indicator measures progress toward a goal.</Alert>
      ) : (
        <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md">
          <IndicatorForm
            // Remount only on an explicit reload: a refetch after saving must not reset the form mid-save.
            key={`${current?.id ?? 'new'}-${reloads}`}
            indicator={current}
            onReload={() => {
              void indicator.refetch().then(() => setReloads((n) => n + 1));
            }}
          />
        </Paper>
      )}
    </>
  );
}
