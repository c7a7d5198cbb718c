import { comparePeriods, fiscalYearLabel, isRatioType, type ValueRowInput } from '@constellation/shared';
import { breakdownCells, fieldsOf, type GridRow, gridRows, keyOf, parsePastedBlock, partsOf, storedText } from '../grid-model';
import { ActionIcon, Alert, Anchor, Badge, Button, Group, List, Paper, Popover, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconDeviceFloppy, IconFileImport, IconMessage, IconSend, IconTable } from '@tabler/icons-react';
import { Fragment, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { formatDateTime, plural } from '../../../lib/format';
import { labelPeriod } from '../../../lib/periods';
import { useActivities } from '../../activities/hooks/use-activities';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import type { Indicator } from '../../indicators/api/indicators-api';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import type { Value } from '../api/values-api';
import { useExpected, useValueMutations, useValues } from '../hooks/use-values';
import { PartlyDone } from '../workflow-chunks';
import { ValueStatusBadge } from './value-status-badge';

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function DataEntryPage() {
  const { collaborationId, collaboration, membership, can } = useCollaborationContext();
  const fy = collaboration.agenda.fiscalYearStartMonth;
  const partnerId = membership.partnerKind === 'partner' ? membership.partnerId : null;
  // Years as the collaboration counts them: calendar years, or fiscal years (FY2026 = the year starting in the fiscal month of 2026).
  const fiscal = fy !== 1;
  const now = new Date();
  const thisYear = fiscal && now.getMonth() + 1 < fy ? now.getFullYear() - 1 : now.getFullYear();
  // ?year= opens another of the years offered (links from the partner home to what is due).
  const [params] = useSearchParams();
  const askedYear = Number(params.get('year'));
  const [year, setYear] = useState(String(askedYear >= thisYear - 2 && askedYear <= thisYear ? askedYear : thisYear));
  const yearKey = fiscal ? `FY${year}` : year;
  const yearName = fiscal ? fiscalYearLabel(Number(year)) : year;
  const from = yearKey;
  const to = yearKey;
  const expected = useExpected(collaborationId, partnerId, from, to);
  const indicators = useIndicators(collaborationId, 'all');
  // The year in view (every month, quarter and year inside it, all pages); returned values of any year.
  const values = useValues(collaborationId, { partnerId: partnerId ?? undefined, from, to }, !!partnerId);
  const returnedAnyYear = useValues(collaborationId, { partnerId: partnerId ?? undefined, status: 'returned' }, !!partnerId);
  const activities = useActivities(collaborationId, { partnerId: partnerId ?? undefined }, !!partnerId);
  const { save, submit } = useValueMutations(collaborationId);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  /** Whether the failed save or submit had stored some values first (a large one goes in several requests). */
  const [savedInPart, setSavedInPart] = useState(false);
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const [byActivity, setByActivity] = useState<Record<string, boolean>>({});
  const gridRef = useRef<HTMLDivElement>(null);

  const stored = useMemo(() => {
    const m = new Map<string, Value>();
    for (const v of values.data ?? []) m.set(keyOf(v.indicatorId, v.period, v.cell, v.activityId), v);
    return m;
  }, [values.data]);

  /**
   * Per indicator, the partner's activities a value can be attributed to: those linked to the
   * indicator, and any other holding a value of it in the year in view.
   */
  const activitiesOf = useMemo(() => {
    const names = new Map((activities.data ?? []).map((a) => [a.id, a.name]));
    const m = new Map<string, Map<string, string>>();
    const add = (indicatorId: string, id: string) => {
      if (!m.has(indicatorId)) m.set(indicatorId, new Map());
      m.get(indicatorId)!.set(id, names.get(id) ?? 'An activity');
    };
    for (const a of activities.data ?? []) for (const indicatorId of a.indicatorIds) add(indicatorId, a.id);
    for (const v of values.data ?? []) if (v.activityId) add(v.indicatorId, v.activityId);
    return new Map([...m].map(([k, byId]) => [k, [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))]));
  }, [activities.data, values.data]);
  /** Indicators with values attributed to an activity in the year in view: their activity rows start open. */
  const attributed = useMemo(() => new Set((values.data ?? []).filter((v) => v.activityId).map((v) => v.indicatorId)), [values.data]);
  const showActivities = (indicatorId: string) => byActivity[indicatorId] ?? attributed.has(indicatorId);

  const groups = useMemo(() => {
    if (!expected.data || !indicators.data) return [];
    const byId = new Map(indicators.data.map((i) => [i.id, i]));
    const expectedSet = new Set(expected.data.items.map((e) => `${e.indicatorId}|${e.period}`));
    return (['month', 'quarter', 'year'] as const)
      .map((g) => {
        const items = expected.data.items.filter((e) => byId.get(e.indicatorId)?.periodicity === g);
        const periods = [...new Set(items.map((e) => e.period))].sort((a, b) => comparePeriods(a, b, fy));
        const inds = [...new Set(items.map((e) => e.indicatorId))].map((id) => byId.get(id)!).sort((a, b) => a.code.localeCompare(b.code));
        return { granularity: g, periods, indicators: inds, expectedSet };
      })
      .filter((g) => g.periods.length > 0);
  }, [expected.data, indicators.data, fy]);

  const indicatorById = useMemo(() => new Map((indicators.data ?? []).map((i) => [i.id, i])), [indicators.data]);
  /** Cells whose value or comment differs from what is stored, with the text to send. */
  const dirty: [string, string][] = [...new Set([...Object.keys(drafts), ...Object.keys(comments)])].flatMap((k) => {
    const ind = indicatorById.get(k.split('|')[0]!);
    if (!ind) return [];
    const v = stored.get(k);
    const text = drafts[k] ?? storedText(v, ind);
    const commentChanged = k in comments && comments[k] !== (v?.comment ?? '');
    return text !== storedText(v, ind) || commentChanged ? [[k, text] as [string, string]] : [];
  });
  const dirtyKeys = new Set(dirty.map(([k]) => k));
  const problems = dirty
    .map(([k, text]) => {
      const ind = indicatorById.get(k.split('|')[0]!)!;
      return { key: k, error: fieldsOf(text, ind).error };
    })
    .filter((p) => p.error);
  const problemByKey = new Map(problems.map((p) => [p.key, p.error!]));
  const pendingSubmit = [...stored.values()].filter((v) => v.status === 'draft' || v.status === 'returned');
  const returned = returnedAnyYear.data ?? [];

  if (!partnerId || !can('values.write')) {
    return (
      <>
        <PageHeader title="Report data" />
        <EmptyStatePanel icon={<IconTable size={28} aria-hidden />} title="Partners report their own data" headingOrder={2}>
          Values are entered by each partner organisation for itself. As the backbone, review what partners submit in the Review queue.
        </EmptyStatePanel>
      </>
    );
  }
  if (expected.isPending || indicators.isPending || values.isPending || returnedAnyYear.isPending || activities.isPending) return <PageLoader />;
  const failed = [expected, indicators, values, returnedAnyYear, activities].find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => failed.refetch()} what="your reporting grid" />;

  const describeKey = (k: string) => {
    const { indicatorId, period, cellKey, activityId } = partsOf(k);
    const ind = indicatorById.get(indicatorId);
    const cellLabel = cellKey === 'total' ? '' : ` (${breakdownCells(ind!).find((c) => c.cellKey === cellKey)?.label ?? cellKey})`;
    const activity = activityId ? ` for ${activities.data?.find((a) => a.id === activityId)?.name ?? 'an activity'}` : '';
    return `${ind?.code ?? ''} ${labelPeriod(period, fy)}${cellLabel}${activity}`;
  };

  const persist = (andSubmit: boolean) => {
    setFormError(null);
    setSavedInPart(false);
    setServerErrors({});
    if (problems.length > 0) {
      setFormError(`Fix ${plural(problems.length, 'value')} first; each problem is listed below the grid.`);
      return;
    }
    const keys = dirty.map(([k]) => k);
    const rows: ValueRowInput[] = dirty.map(([k, text]) => {
      const { indicatorId, period, cellKey, activityId } = partsOf(k);
      const ind = indicatorById.get(indicatorId)!;
      const cell = cellKey === 'total' ? 'total' : breakdownCells(ind).find((c) => c.cellKey === cellKey)!.cell;
      const comment = comments[k];
      return {
        indicatorId,
        partnerId,
        period,
        cell,
        ...fieldsOf(text, ind).fields,
        ...(comment !== undefined ? { comment } : {}),
        ...(activityId ? { activityId } : {}),
        expectedVersion: stored.get(k)?.version ?? 0,
      };
    });
    const toSubmit = andSubmit ? pendingSubmit.filter((v) => !keys.includes(keyOf(v.indicatorId, v.period, v.cell, v.activityId))).map((v) => v.id) : [];
    const onError = (failure: unknown) => {
      // Part-way (a large save or submit goes in several requests): the earlier ones are stored; name what stopped.
      const partly = failure instanceof PartlyDone ? failure : null;
      const e = partly ? partly.cause : failure;
      setSavedInPart(partly !== null);
      if (e instanceof ApiError && e.details.length > 0) {
        const errs: Record<string, string> = {};
        const rest: string[] = [];
        for (const d of e.details) {
          const m = /^values\.(\d+)/.exec(d.path);
          if (m && keys[Number(m[1])]) errs[keys[Number(m[1])]!] = sentence(`${d.path.split('.').slice(2).join('.') || 'value'} ${d.message}`);
          else rest.push(d.message);
        }
        setServerErrors(errs);
        setFormError(`${partly ? `${partly.summary}: ` : ''}${rest.length ? `${e.message} ${rest.join('; ')}` : e.message}`);
      } else setFormError(errorMessage(failure));
    };
    const done = (n: number) => {
      setDrafts({});
      setComments({});
      notifications.show({ color: 'green', message: andSubmit ? `${plural(n, 'value')} submitted for review.` : `${plural(n, 'value')} saved as draft.` });
    };
    const submitRest = (saved: number) => {
      if (toSubmit.length === 0) return done(saved);
      submit.mutate(toSubmit, { onSuccess: (r) => done(saved + r.changed), onError });
    };
    if (rows.length === 0) {
      if (andSubmit) submitRest(0);
      return;
    }
    save.mutate({ rows, submit: andSubmit }, { onSuccess: (r) => submitRest(r.created + r.updated), onError });
  };

  /** Move focus to the nearest editable cell from (r, c) in direction (dr, dc) within one grid. */
  const move = (grid: string, r: number, c: number, dr: number, dc: number) => {
    const root = gridRef.current;
    if (!root) return;
    for (let i = 1; i < 200; i++) {
      const el = root.querySelector<HTMLInputElement>(`input[data-grid="${grid}"][data-r="${r + dr * i}"][data-c="${c + dc * i}"]`);
      if (el) {
        el.focus();
        el.select();
        return;
      }
      if (r + dr * i < 0 || c + dc * i < 0) return;
    }
  };

  const onKeyDown = (grid: string, r: number, c: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    const el = e.currentTarget;
    const atStart = el.selectionStart === 0 && el.selectionEnd === 0;
    const atEnd = el.selectionStart === el.value.length;
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) {
      e.preventDefault();
      move(grid, r, c, 1, 0);
    } else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) {
      e.preventDefault();
      move(grid, r, c, -1, 0);
    } else if (e.key === 'ArrowLeft' && atStart) {
      e.preventDefault();
      move(grid, r, c, 0, -1);
    } else if (e.key === 'ArrowRight' && atEnd) {
      e.preventDefault();
      move(grid, r, c, 0, 1);
    }
  };

  const onPaste = (layout: (string | null)[][], r: number, c: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    const block = parsePastedBlock(e.clipboardData.getData('text/plain'));
    if (block.length <= 1 && (block[0]?.length ?? 0) <= 1) return;
    e.preventDefault();
    const next: Record<string, string> = {};
    let n = 0;
    block.forEach((cells, i) =>
      cells.forEach((cellText, j) => {
        const k = layout[r + i]?.[c + j];
        if (k) {
          next[k] = cellText;
          n++;
        }
      }),
    );
    setDrafts((d) => ({ ...d, ...next }));
    notifications.show({ message: `Pasted ${plural(n, 'value')}. Check them, then save.` });
  };

  const header = (
    <PageHeader
      title="Report data"
      description={`What ${membership.organisationName ?? 'your organisation'} has committed to report. Type or paste from a spreadsheet; save a draft, then submit.`}
      actions={
        <>
          <Button component={Link} to={`/collaborations/${collaborationId}/import`} variant="subtle" leftSection={<IconFileImport size={16} aria-hidden />}>
            Import a file
          </Button>
          <Button variant="default" leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={() => persist(false)} loading={save.isPending && !submit.isPending} disabled={dirty.length === 0}>
            Save draft{dirty.length ? ` (${dirty.length})` : ''}
          </Button>
          <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => persist(true)} loading={submit.isPending} disabled={dirty.length === 0 && pendingSubmit.length === 0}>
            Submit for review
          </Button>
        </>
      }
    />
  );

  return (
    <>
      {header}
      <Group mb="md" justify="space-between">
        <SegmentedControl
          aria-label="Year"
          value={year}
          onChange={setYear}
          data={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: String(y), label: fiscal ? fiscalYearLabel(y) : String(y) }))}
        />
        <Text size="sm" c="dimmed">
          Arrow keys and Enter move between cells. Percentages and ratios are typed as numerator/denominator, e.g. 45/60.
        </Text>
      </Group>
      {formError && (
        <Alert color="red" role="alert" mb="md" title={savedInPart ? 'Saved in part' : 'Nothing was saved'}>
          {formError}
        </Alert>
      )}
      {returned.length > 0 && (
        <Alert color="orange" mb="md" icon={<IconAlertTriangle aria-hidden />} title={`${plural(returned.length, 'value')} returned to you`}>
          <List size="sm">
            {returned.map((v) => (
              <List.Item key={v.id}>
                {describeKey(keyOf(v.indicatorId, v.period, v.cell, v.activityId))}: {v.returnReason}{' '}
                <Anchor component={Link} to={`/collaborations/${collaborationId}/values/${v.id}`} size="sm">
                  Open the conversation
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {groups.length === 0 ? (
        <EmptyStatePanel icon={<IconTable size={28} aria-hidden />} title={`Nothing to report for ${yearName}`} headingOrder={2}
          actions={<Button component={Link} variant="default" to={`/collaborations/${collaborationId}/partners?tab=partners`}>See commitments</Button>}>
          Your organisation has no committed indicators with periods in {yearName}. Commitments decide what you report: a partner admin sets
          them on the Partners page.
        </EmptyStatePanel>
      ) : (
        <Stack gap="xl" ref={gridRef}>
          {groups.map((g) => {
            const rows: GridRow<Indicator>[] = g.indicators.flatMap((ind) =>
              gridRows(ind, { breakdown: !!expanded[ind.id], activities: showActivities(ind.id) ? (activitiesOf.get(ind.id) ?? []) : null }),
            );
            const layout = rows.map((row) =>
              g.periods.map((p) => (g.expectedSet.has(`${row.indicator.id}|${p}`) ? keyOf(row.indicator.id, p, row.cellKey, row.activity?.id) : null)),
            );
            const title = { month: 'Monthly indicators', quarter: 'Quarterly indicators', year: 'Yearly indicators' }[g.granularity];
            return (
              <Paper key={g.granularity} withBorder radius="md" p="sm">
                <Title order={2} size="h4" mb="xs" id={`grid-${g.granularity}`}>
                  {title}
                </Title>
                <Table.ScrollContainer minWidth={260 + g.periods.length * 130}>
                  <Table withColumnBorders aria-labelledby={`grid-${g.granularity}`} data-testid={`grid-${g.granularity}`} verticalSpacing={4}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col" miw={240}>
                          Indicator
                        </Table.Th>
                        {g.periods.map((p) => (
                          <Table.Th scope="col" key={p} miw={120}>
                            {labelPeriod(p, fy)}
                          </Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((row, r) => (
                        <Table.Tr key={`${row.indicator.id}-${row.cellKey}-${row.activity?.id ?? ''}`}>
                          <Table.Th scope="row" fw={row.breakdown ? 400 : 600} pl={row.breakdown ? 'xl' : undefined}>
                            {row.activity ? (
                              <div>
                                <Text size="sm">{row.label}</Text>
                                <Text size="xs" c="dimmed">
                                  activity · {row.indicator.aggregationAcrossPartners === 'sum' && !isRatioType(row.indicator.valueType) ? 'added to' : 'combined with'}{' '}
                                  {row.indicator.code}
                                </Text>
                              </div>
                            ) : row.breakdown ? (
                              <Text size="sm">{row.label}</Text>
                            ) : (
                              <Group gap={4} wrap="nowrap">
                                {row.indicator.dimensions.length > 0 ? (
                                  <ActionIcon
                                    variant="subtle"
                                    size="sm"
                                    aria-expanded={!!expanded[row.indicator.id]}
                                    aria-label={`${expanded[row.indicator.id] ? 'Hide' : 'Show'} the breakdown of ${row.indicator.code}`}
                                    onClick={() => setExpanded((x) => ({ ...x, [row.indicator.id]: !x[row.indicator.id] }))}
                                  >
                                    {expanded[row.indicator.id] ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
                                  </ActionIcon>
                                ) : null}
                                <div>
                                  <Text size="sm" fw={600}>
                                    {row.indicator.code} · {row.indicator.name}
                                  </Text>
                                  <Text size="xs" c="dimmed">
                                    {row.indicator.unit}
                                    {row.indicator.dimensions.length > 0 ? ` · by ${row.indicator.dimensions.map((d) => d.name.toLowerCase()).join(', ')}` : ''}
                                  </Text>
                                  {(activitiesOf.get(row.indicator.id)?.length ?? 0) > 0 && (
                                    <Anchor
                                      component="button"
                                      type="button"
                                      size="xs"
                                      aria-expanded={showActivities(row.indicator.id)}
                                      onClick={() => setByActivity((x) => ({ ...x, [row.indicator.id]: !showActivities(row.indicator.id) }))}
                                    >
                                      {showActivities(row.indicator.id) ? 'Hide' : 'Report'} by activity ({activitiesOf.get(row.indicator.id)!.length})
                                    </Anchor>
                                  )}
                                </div>
                              </Group>
                            )}
                          </Table.Th>
                          {g.periods.map((p, c) => {
                            const k = layout[r]![c];
                            if (!k)
                              return (
                                <Table.Td key={p}>
                                  <Text size="xs" c="dimmed">
                                    Not expected
                                  </Text>
                                </Table.Td>
                              );
                            const v = stored.get(k);
                            const text = drafts[k] ?? storedText(v, row.indicator);
                            const changed = dirtyKeys.has(k);
                            const comment = comments[k] ?? v?.comment ?? '';
                            const error = (changed ? problemByKey.get(k) : undefined) ?? serverErrors[k];
                            const locked = v?.status === 'approved' || v?.status === 'submitted';
                            const label = `${row.indicator.code} ${row.activity ? `${row.label} (activity)` : row.breakdown ? row.label : 'total'}, ${labelPeriod(p, fy)}`;
                            return (
                              <Table.Td key={p} style={{ verticalAlign: 'top' }}>
                                <Stack gap={2}>
                                  <TextInput
                                    size="xs"
                                    value={text}
                                    aria-label={label}
                                    aria-invalid={!!error}
                                    error={!!error}
                                    title={error ?? undefined}
                                    inputMode="decimal"
                                    autoComplete="off"
                                    data-grid={g.granularity}
                                    data-r={r}
                                    data-c={c}
                                    onChange={(e) => {
                                      const next = e.currentTarget.value;
                                      setDrafts((d) => ({ ...d, [k]: next }));
                                    }}
                                    onKeyDown={onKeyDown(g.granularity, r, c)}
                                    onPaste={onPaste(layout, r, c)}
                                    styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
                                  />
                                  <Group gap={4} wrap="nowrap">
                                    <Popover width={280} position="bottom" withArrow trapFocus>
                                      <Popover.Target>
                                        <ActionIcon
                                          size="xs"
                                          variant={comment ? 'light' : 'subtle'}
                                          color={comment ? 'sky' : 'gray'}
                                          aria-label={comment ? `Comment on ${label}: ${comment}` : `Add a comment on ${label}`}
                                        >
                                          <IconMessage size={12} aria-hidden />
                                        </ActionIcon>
                                      </Popover.Target>
                                      <Popover.Dropdown>
                                        <Textarea
                                          label={`Comment on ${label}`}
                                          description="Saved with the value; the backbone sees it when reviewing."
                                          autosize
                                          minRows={2}
                                          value={comment}
                                          onChange={(e) => {
                                            const next = e.currentTarget.value;
                                            setComments((x) => ({ ...x, [k]: next }));
                                          }}
                                        />
                                      </Popover.Dropdown>
                                    </Popover>
                                    {changed ? (
                                      <Badge size="xs" variant="outline" color={error ? 'red' : 'gray'} tt="none" radius="sm">
                                        {error ? 'Needs a fix' : 'Changed'}
                                      </Badge>
                                    ) : v ? (
                                      v.status === 'returned' ? (
                                        <Tooltip label={v.returnReason ?? ''} withArrow multiline w={240}>
                                          <span>
                                            <ValueStatusBadge status="returned" />
                                          </span>
                                        </Tooltip>
                                      ) : (
                                        <Tooltip label={`Last changed ${formatDateTime(v.updatedAt)}${v.via === 'api' ? ' through the api' : v.via === 'import' ? ' by a file import' : ''}`} withArrow>
                                          <span>
                                            <ValueStatusBadge status={v.status} />
                                          </span>
                                        </Tooltip>
                                      )
                                    ) : row.activity ? null : (
                                      <Text size="xs" c="dimmed">
                                        Not reported
                                      </Text>
                                    )}
                                    {v?.flagged && !changed && (
                                      <Tooltip label={v.flagReason ?? 'Unusual compared with your history'}>
                                        <Badge size="xs" variant="light" color="orange" tt="none" radius="sm">
                                          Unusual
                                        </Badge>
                                      </Tooltip>
                                    )}
                                    {locked && changed && (
                                      <Text size="xs" c="dimmed">
                                        revises
                                      </Text>
                                    )}
                                  </Group>
                                </Stack>
                              </Table.Td>
                            );
                          })}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
            );
          })}
          {(problems.length > 0 || Object.keys(serverErrors).length > 0) && (
            <Alert color="red" title="Values to fix" role="status">
              <List size="sm">
                {[...problems.map((p) => [p.key, p.error!] as const), ...Object.entries(serverErrors)].map(([k, msg]) => (
                  <List.Item key={k}>
                    <Fragment>
                      {describeKey(k)}: {sentence(msg)}
                    </Fragment>
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
        </Stack>
      )}
    </>
  );
}
