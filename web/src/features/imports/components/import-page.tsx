import {
  IMPORT_SAMPLE_ROWS,
  type ImportCommitResult,
  type ImportError,
  type ImportPreview,
  type ImportProgress,
} from '@constellation/shared';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Input,
  List,
  Pagination,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconAlertCircle,
  IconCircleCheck,
  IconDownload,
  IconFileImport,
  IconFileUpload,
  IconTable,
} from '@tabler/icons-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { EmptyStatePanel } from '../../../components/empty-state-panel';
import { PageHeader } from '../../../components/page-header';
import { plural } from '../../../lib/format';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { valueKeys } from '../../values/hooks/use-values';
import {
  commitImport,
  errorsUrl,
  getImport,
  importProblem,
  isRunning,
  MAX_MEGABYTES,
  templateUrl,
  uploadImport,
  type ImportProblem,
} from '../api/imports-api';

const ERRORS_PER_PAGE = 25;
const MAX_BYTES = MAX_MEGABYTES * 1024 * 1024;

type Step = 'upload' | 'preview' | 'done';
const STEP_TITLES: Record<Step, string> = {
  upload: 'Upload a file',
  preview: 'Check the preview',
  done: 'Imported',
};
const STEP_NUMBER: Record<Step, number> = { upload: 1, preview: 2, done: 3 };

function ProblemAlert({ problem, title }: { problem: ImportProblem; title: string }) {
  return (
    <Alert color="red" variant="light" role="alert" icon={<IconAlertCircle aria-hidden />} title={title}>
      <Text size="sm">{problem.message}</Text>
      {problem.details.length > 0 && (
        <List size="sm" mt="xs">
          {problem.details.map((d, i) => (
            <List.Item key={i}>{d}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** A worker job's progress: rows processed of the file's rows, as text and as a bar. */
function JobProgress({ label, progress }: { label: string; progress: ImportProgress | null }) {
  const total = progress?.rowsTotal ?? 0;
  const done = Math.min(progress?.rowsDone ?? 0, total);
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <Stack gap={6} data-testid="import-progress">
      <Text size="sm" role="status" aria-live="polite">
        {label}:{' '}
        {total > 0 ? `${done.toLocaleString('en-GB')} of ${plural(total, 'row')} (${pct}%)` : 'starting…'}
      </Text>
      <Progress.Root size="lg" aria-hidden>
        <Progress.Section value={pct} />
      </Progress.Root>
      <Text size="xs" c="dimmed">
        Large files are processed in the background: you can leave this page open; nothing is saved until the
        import finishes.
      </Text>
    </Stack>
  );
}

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={26} fw={700} c={color} data-testid={`count-${label.toLowerCase()}`}>
        {value.toLocaleString('en-GB')}
      </Text>
    </Paper>
  );
}

function ErrorsTable({
  errors,
  total,
  truncated,
  downloadUrl,
}: {
  errors: ImportError[];
  total: number;
  truncated: boolean;
  /** The file of every error (csv and xlsx), by format. */
  downloadUrl: (format: 'csv' | 'xlsx') => string;
}) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(errors.length / ERRORS_PER_PAGE));
  const shown = errors.slice((page - 1) * ERRORS_PER_PAGE, page * ERRORS_PER_PAGE);
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={480}>
        <Table striped withTableBorder data-testid="import-errors" captionSide="top">
          <Table.Caption>
            {errors.length > ERRORS_PER_PAGE
              ? `Errors ${(page - 1) * ERRORS_PER_PAGE + 1}–${(page - 1) * ERRORS_PER_PAGE + shown.length} of ${total.toLocaleString('en-GB')}, by row`
              : `${plural(total, 'error')}, by row`}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={80}>
                Row
              </Table.Th>
              <Table.Th scope="col" w={160}>
                Column
              </Table.Th>
              <Table.Th scope="col">Problem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e, i) => (
              <Table.Tr key={`${e.row}-${e.column ?? ''}-${i}`}>
                <Table.Td>{e.row}</Table.Td>
                <Table.Td>
                  {e.column ?? (
                    <Text span c="dimmed" size="sm">
                      whole row
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Group justify="center">
          <Pagination
            total={pages}
            value={page}
            onChange={setPage}
            getControlProps={(control) => ({ 'aria-label': `${control} page of errors` })}
            getItemProps={(p) => ({ 'aria-label': `Errors page ${p}` })}
          />
        </Group>
      )}
      {truncated && (
        <Text size="sm" c="dimmed">
          The first {errors.length.toLocaleString('en-GB')} of {total.toLocaleString('en-GB')} errors are
          listed here; the file below holds every one.
        </Text>
      )}
      <Text size="sm">
        <Anchor href={downloadUrl('csv')} download>
          <IconDownload size={14} aria-hidden style={{ verticalAlign: 'middle' }} /> Download {truncated ? `all ${total.toLocaleString('en-GB')} errors` : 'the errors'} (CSV)
        </Anchor>{' '}
        or{' '}
        <Anchor href={downloadUrl('xlsx')} download>
          as an Excel workbook (XLSX)
        </Anchor>
        , to work through them beside your spreadsheet.
      </Text>
    </Stack>
  );
}

export function ImportPage() {
  const { collaborationId, membership, can } = useCollaborationContext();
  const partnerId = membership.partnerKind === 'partner' ? membership.partnerId : null;
  const qc = useQueryClient();
  const inputId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [decimalComma, setDecimalComma] = useState(false);
  const [submitForReview, setSubmitForReview] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportCommitResult | null>(null);
  const step: Step = result ? 'done' : preview ? 'preview' : 'upload';
  const firstRender = useRef(true);

  // Each step moves focus to its heading, so keyboard and screen-reader users hear where they are.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    stepHeading.current?.focus();
  }, [step]);

  const upload = useMutation({
    mutationFn: (f: File) =>
      uploadImport(collaborationId, {
        partnerId: partnerId!,
        file: f,
        decimalComma,
        submit: submitForReview,
      }),
    onSuccess: (p) => setPreview(p),
  });
  const commit = useMutation({
    mutationFn: (importId: string) => commitImport(collaborationId, importId),
    onSuccess: (r) => {
      if (r.status === 'committing') {
        setPreview((p) =>
          p
            ? {
                ...p,
                status: 'committing',
                progress: { phase: 'committing', rowsDone: 0, rowsTotal: p.counts.rows },
                failure: null,
              }
            : p,
        );
        return;
      }
      setResult(r);
      void qc.invalidateQueries({ queryKey: valueKeys.all(collaborationId) });
    },
  });
  // A large file is checked and committed by a worker job: poll the import until the job is done.
  const running = isRunning(preview);
  const importId = preview?.importId ?? '';
  const poll = useQuery({
    queryKey: ['imports', collaborationId, importId],
    queryFn: async () => {
      const p = await getImport(collaborationId, importId);
      if (!isRunning(p)) {
        if (p.status === 'committed' && p.result) {
          setResult({ importId: p.importId, status: 'committed', ...p.result });
          void qc.invalidateQueries({ queryKey: valueKeys.all(collaborationId) });
        }
        setPreview(p);
      }
      return p;
    },
    enabled: running,
    refetchInterval: 1000,
    gcTime: 0,
  });
  // While the job runs, show its latest progress.
  const shown =
    running && poll.data?.importId === importId && isRunning(poll.data)
      ? { ...preview!, ...poll.data }
      : preview;

  if (!partnerId || !can('values.write')) {
    return (
      <>
        <PageHeader title="Import values" />
        <EmptyStatePanel
          icon={<IconFileImport size={28} aria-hidden />}
          title="Partners import their own data"
          headingOrder={2}
        >
          Each partner organisation imports values for itself, from its own template.
        </EmptyStatePanel>
      </>
    );
  }

  const reportPath = `/collaborations/${collaborationId}/report`;

  const startOver = () => {
    setPreview(null);
    setResult(null);
    setFile(null);
    setFileError(null);
    upload.reset();
    commit.reset();
    if (fileInput.current) fileInput.current.value = '';
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    upload.reset();
    if (!file) {
      setFileError('Choose a CSV or XLSX file to upload.');
      fileInput.current?.focus();
      return;
    }
    if (file.size > MAX_BYTES) {
      setFileError(
        `This file is larger than the ${MAX_MEGABYTES} MB limit. Split it into smaller files and import each one.`,
      );
      fileInput.current?.focus();
      return;
    }
    setFileError(null);
    upload.mutate(file);
  };

  const stepHeader = (
    <Stack gap={2} mb="md">
      <Text size="sm" c="dimmed">
        Step {STEP_NUMBER[step]} of 3
      </Text>
      <Title order={2} ref={stepHeading} tabIndex={-1} style={{ outline: 'none' }}>
        {STEP_TITLES[step]}
      </Title>
    </Stack>
  );

  return (
    <>
      <PageHeader
        title="Import values"
        description={`Report many values at once for ${membership.organisationName ?? 'your organisation'}: upload a file, check every row in the preview, then confirm.`}
        actions={
          <Button
            component={Link}
            to={reportPath}
            variant="default"
            leftSection={<IconTable size={16} aria-hidden />}
          >
            Back to the grid
          </Button>
        }
      />
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" maw={960}>
        {stepHeader}

        {step === 'upload' && (
          <form onSubmit={onSubmit} noValidate>
            <Stack gap="md">
              <Text size="sm">
                Start from your template: it lists every indicator and period you have committed to report,
                with the keys filled in and the values left empty.{' '}
                <Anchor href={templateUrl(collaborationId, partnerId, 'csv')} download>
                  <IconDownload size={14} aria-hidden style={{ verticalAlign: 'middle' }} /> Download the
                  template (CSV)
                </Anchor>{' '}
                or{' '}
                <Anchor href={templateUrl(collaborationId, partnerId, 'xlsx')} download>
                  as an Excel workbook (XLSX)
                </Anchor>
                .
              </Text>
              <Input.Wrapper
                id={inputId}
                label="File to import"
                description={`CSV or XLSX, up to ${MAX_MEGABYTES} MB. Columns: indicator, period, value (or numerator and denominator), comment, one per breakdown, and activity to attribute a value to one of your activities.`}
                error={fileError}
                required
              >
                <input
                  ref={fileInput}
                  id={inputId}
                  type="file"
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  aria-describedby={`${inputId}-description${fileError ? ` ${inputId}-error` : ''}`}
                  aria-invalid={fileError ? true : undefined}
                  required
                  onChange={(e) => {
                    setFile(e.currentTarget.files?.[0] ?? null);
                    setFileError(null);
                    upload.reset();
                  }}
                  style={{ display: 'block', marginTop: 6, maxWidth: '100%', font: 'inherit' }}
                />
              </Input.Wrapper>
              <Checkbox
                label="The file uses a decimal comma (1.234,5 means one thousand two hundred and thirty-four and a half)"
                checked={decimalComma}
                onChange={(e) => setDecimalComma(e.currentTarget.checked)}
              />
              <Checkbox
                label="Submit the values for review once imported (otherwise they are saved as drafts)"
                checked={submitForReview}
                onChange={(e) => setSubmitForReview(e.currentTarget.checked)}
              />
              {upload.isError && (
                <ProblemAlert problem={importProblem(upload.error)} title="The file was not checked" />
              )}
              <Group>
                <Button
                  type="submit"
                  leftSection={<IconFileUpload size={16} aria-hidden />}
                  loading={upload.isPending}
                >
                  Upload and check
                </Button>
                <Text size="sm" c="dimmed">
                  Nothing is saved until you confirm the preview.
                </Text>
              </Group>
            </Stack>
          </form>
        )}

        {step === 'preview' && preview && (
          <Stack gap="md">
            <Text size="sm">
              <Text span fw={600}>
                {preview.fileName}
              </Text>{' '}
              ({preview.format.toUpperCase()})
            </Text>
            {preview.status === 'validating' && (
              <JobProgress label="Checking every row" progress={shown?.progress ?? null} />
            )}
            {preview.status === 'failed' && (
              <ProblemAlert
                problem={{
                  message: preview.failure ?? 'The file could not be checked. Upload it again.',
                  details: [],
                }}
                title="The file was not checked"
              />
            )}
            {preview.status !== 'validating' && preview.status !== 'failed' && (
              <SimpleGrid
                cols={{ base: 2, xs: 3, md: 5 }}
                spacing="sm"
                aria-label="What the file holds"
                role="group"
              >
                <Count label="Rows" value={preview.counts.rows} />
                <Count label="New" value={preview.counts.new} />
                <Count label="Changed" value={preview.counts.changed} />
                <Count label="Unchanged" value={preview.counts.unchanged} />
                <Count
                  label="Errors"
                  value={preview.counts.errors}
                  color={preview.counts.errors > 0 ? 'red.8' : undefined}
                />
              </SimpleGrid>
            )}

            {preview.status === 'validating' ? null : preview.status === 'failed' ? (
              <Group>
                <Button leftSection={<IconFileUpload size={16} aria-hidden />} onClick={startOver}>
                  Upload the file again
                </Button>
              </Group>
            ) : preview.counts.errors > 0 ? (
              <>
                <Alert
                  color="red"
                  variant="light"
                  role="alert"
                  icon={<IconAlertCircle aria-hidden />}
                  title={`The file has ${plural(preview.counts.errors, 'error')}`}
                >
                  Nothing will be imported until the file is fixed. Correct every row listed below in your
                  spreadsheet, save it, and upload the corrected file.
                </Alert>
                <ErrorsTable
                  errors={preview.errors}
                  total={preview.counts.errors}
                  truncated={preview.errorsTruncated}
                  downloadUrl={(format) => errorsUrl(collaborationId, preview.importId, format)}
                />
                <Group>
                  <Button leftSection={<IconFileUpload size={16} aria-hidden />} onClick={startOver}>
                    Upload a corrected file
                  </Button>
                </Group>
              </>
            ) : (
              <>
                <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title="No errors">
                  Every row can be imported. {preview.counts.new} new, {preview.counts.changed} changed and{' '}
                  {preview.counts.unchanged} unchanged {preview.counts.rows === 1 ? 'value' : 'values'}.
                </Alert>
                {preview.sample.length > 0 && (
                  <Table.ScrollContainer minWidth={560}>
                    <Table striped withTableBorder captionSide="top" data-testid="import-sample">
                      <Table.Caption>
                        {preview.sample.length < preview.counts.rows
                          ? `The first ${Math.min(IMPORT_SAMPLE_ROWS, preview.sample.length)} rows`
                          : 'Every row'}
                      </Table.Caption>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th scope="col">Row</Table.Th>
                          <Table.Th scope="col">Indicator</Table.Th>
                          <Table.Th scope="col">Period</Table.Th>
                          <Table.Th scope="col">Breakdown</Table.Th>
                          <Table.Th scope="col">Value</Table.Th>
                          <Table.Th scope="col">Outcome</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {preview.sample.map((r) => (
                          <Table.Tr key={r.row}>
                            <Table.Td>{r.row}</Table.Td>
                            <Table.Td>{r.indicator}</Table.Td>
                            <Table.Td>{r.period}</Table.Td>
                            <Table.Td>
                              {r.cell === 'total' ? 'Total' : r.cell}
                              {r.activity && (
                                <Text size="xs" c="dimmed">
                                  Activity: {r.activity}
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>
                              {r.value ??
                                (r.numerator !== null ? `${r.numerator}/${r.denominator ?? ''}` : '—')}
                            </Table.Td>
                            <Table.Td>
                              <Badge
                                variant="light"
                                color={
                                  r.outcome === 'new' ? 'blue' : r.outcome === 'changed' ? 'orange' : 'gray'
                                }
                              >
                                {r.outcome}
                              </Badge>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
                {commit.isError && (
                  <ProblemAlert problem={importProblem(commit.error)} title="Nothing was imported" />
                )}
                {preview.status === 'ready' && preview.failure && (
                  <ProblemAlert
                    problem={{ message: preview.failure, details: [] }}
                    title="Nothing was imported"
                  />
                )}
                {preview.status === 'committing' && (
                  <JobProgress label="Importing" progress={shown?.progress ?? null} />
                )}
                <Group>
                  <Button
                    leftSection={<IconFileImport size={16} aria-hidden />}
                    loading={commit.isPending || preview.status === 'committing'}
                    onClick={() => commit.mutate(preview.importId)}
                    disabled={preview.counts.rows === 0}
                  >
                    Import {plural(preview.counts.rows, 'value')}
                  </Button>
                  <Button
                    variant="default"
                    onClick={startOver}
                    disabled={commit.isPending || preview.status === 'committing'}
                  >
                    Choose another file
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        )}

        {step === 'done' && result && (
          <Stack gap="md">
            <Alert
              color="green"
              variant="light"
              icon={<IconCircleCheck aria-hidden />}
              title={`${preview?.fileName ?? 'The file'} is imported`}
            >
              {plural(result.created, 'value')} created, {result.updated} changed and {result.unchanged}{' '}
              unchanged.
              {submitForReview
                ? ' They are submitted for review.'
                : ' They are saved as drafts: submit them for review from the grid.'}
            </Alert>
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" role="group" aria-label="What was imported">
              <Count label="Created" value={result.created} />
              <Count label="Changed" value={result.updated} />
              <Count label="Unchanged" value={result.unchanged} />
            </SimpleGrid>
            <Group>
              <Button component={Link} to={reportPath} leftSection={<IconTable size={16} aria-hidden />}>
                Open the data-entry grid
              </Button>
              <Button variant="default" onClick={startOver}>
                Import another file
              </Button>
            </Group>
          </Stack>
        )}
      </Paper>
    </>
  );
}
