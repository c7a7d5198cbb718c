import {
  Alert,
  Button,
  Collapse,
  FileButton,
  Group,
  List,
  Paper,
  Progress,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
  CloseButton,
  Code,
} from '@mantine/core';
import { IconHelp, IconPaperclip } from '@tabler/icons-react';
import {
  ATTACHMENT_EXTENSIONS,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  MAX_UPDATE_ATTACHMENTS,
  MAX_UPDATE_LENGTH,
  UPDATE_AUDIENCE_LABELS,
  UPDATE_AUDIENCES,
  type UpdateAudience,
} from '@constellation/shared';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { useActivities } from '../../activities/hooks/use-activities';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import { useUpdateMutations } from '../hooks/use-updates';
import { attachmentProblems, formatBytes } from '../files';

const ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');

/** The composer: text with formatting help, audience, an optional link, attachments with progress. */
export function UpdateComposer() {
  const { collaborationId, collaboration } = useCollaborationContext();
  const m = useUpdateMutations(collaborationId);
  const indicators = useIndicators(collaborationId);
  const activities = useActivities(collaborationId, {});
  const [body, setBody] = useState('');
  const [audience, setAudience] = useState<UpdateAudience>('members');
  const [link, setLink] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<{ message: string; details: string[] } | null>(null);
  const [help, setHelp] = useState(false);

  const linkData = [
    { group: 'Goals', items: collaboration.goals.map((g) => ({ value: `goalId:${g.id}`, label: g.title })) },
    {
      group: 'Indicators',
      items: (indicators.data ?? []).map((i) => ({
        value: `indicatorId:${i.id}`,
        label: `${i.code} · ${i.name}`,
      })),
    },
    {
      group: 'Activities',
      items: (activities.data ?? []).map((a) => ({
        value: `activityId:${a.id}`,
        label: `${a.name} (${a.organisationName})`,
      })),
    },
  ].filter((g) => g.items.length > 0);

  const addFiles = (picked: File[]) => {
    setError(null);
    const problems = attachmentProblems(files, picked);
    if (problems.length > 0) {
      setError({ message: 'Some files cannot be attached', details: problems });
      return;
    }
    setFiles([...files, ...picked]);
  };

  const submit = () => {
    setError(null);
    const [field, id] = link
      ? (link.split(':') as ['goalId' | 'indicatorId' | 'activityId', string])
      : [null, null];
    setProgress(files.length > 0 ? 0 : null);
    m.create.mutate(
      {
        input: { body, audience, files, ...(field ? { [field]: id } : {}) },
        onProgress: (f) => setProgress(f),
      },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
          setLink(null);
          setAudience('members');
          setProgress(null);
        },
        onError: (e) => {
          setProgress(null);
          const details = isApiError(e)
            ? e.details.map((d) => {
                const n = /^attachments\.(\d+)$/.exec(d.path);
                const name = n ? files[Number(n[1])]?.name : undefined;
                return name ? `${name}: ${d.message}` : d.path ? `${d.path}: ${d.message}` : d.message;
              })
            : [];
          setError({ message: errorMessage(e), details });
        },
      },
    );
  };

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby="composer-title"
      data-testid="update-composer"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="composer-title">
            Post an update
          </Title>
          <Textarea
            label="Update"
            description="Share progress, a lesson or news with the collaboration."
            placeholder="What happened? What are we learning?"
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={3}
            maxLength={MAX_UPDATE_LENGTH}
            required
          />
          <div>
            <Button
              variant="subtle"
              size="compact-xs"
              leftSection={<IconHelp size={14} aria-hidden />}
              onClick={() => setHelp((h) => !h)}
              aria-expanded={help}
            >
              Formatting help
            </Button>
            <Collapse expanded={help}>
              <List size="xs" c="dimmed" mt={4} spacing={2}>
                <List.Item>
                  <Code>**bold**</Code>, <Code>*italic*</Code>, <Code>~~struck~~</Code>, <Code>`code`</Code>
                </List.Item>
                <List.Item>
                  Lists: start lines with <Code>- </Code> or <Code>1. </Code>; quotes with <Code>&gt; </Code>
                </List.Item>
                <List.Item>
                  Links: <Code>[report](https://example.org)</Code> (web and email addresses only)
                </List.Item>
              </List>
            </Collapse>
          </div>
          <Group align="flex-start" gap="lg" wrap="wrap">
            <Radio.Group
              label="Who can read it"
              value={audience}
              onChange={(v) => setAudience(v as UpdateAudience)}
            >
              <Group gap="md" mt={6}>
                {UPDATE_AUDIENCES.map((a) => (
                  <Radio key={a} value={a} label={UPDATE_AUDIENCE_LABELS[a]} />
                ))}
              </Group>
            </Radio.Group>
            <Select
              label="Link to (optional)"
              placeholder="A goal, indicator or activity"
              data={linkData}
              value={link}
              onChange={setLink}
              searchable
              clearable
              nothingFoundMessage="Nothing matches"
              style={{ flex: '1 1 260px' }}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          <Stack gap={4}>
            <Group gap="xs">
              <FileButton onChange={addFiles} accept={ACCEPT} multiple>
                {(props) => (
                  <Button
                    {...props}
                    variant="default"
                    size="xs"
                    leftSection={<IconPaperclip size={14} aria-hidden />}
                    disabled={files.length >= MAX_UPDATE_ATTACHMENTS}
                  >
                    Attach files
                  </Button>
                )}
              </FileButton>
              <Text size="xs" c="dimmed">
                Up to {MAX_UPDATE_ATTACHMENTS} files of {formatBytes(DEFAULT_ATTACHMENT_MAX_BYTES)}: PDF,
                images, CSV, XLSX, DOCX, PPTX, text.
              </Text>
            </Group>
            {files.length > 0 && (
              <Stack
                gap={2}
                component="ul"
                m={0}
                p={0}
                style={{ listStyle: 'none' }}
                aria-label="Files to attach"
              >
                {files.map((f, i) => (
                  <li key={`${f.name}-${i}`}>
                    <Group gap={6} wrap="nowrap">
                      <IconPaperclip size={14} aria-hidden />
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {f.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatBytes(f.size)}
                      </Text>
                      <CloseButton
                        size="sm"
                        aria-label={`Remove ${f.name}`}
                        onClick={() => setFiles(files.filter((_, j) => j !== i))}
                        disabled={m.create.isPending}
                      />
                    </Group>
                  </li>
                ))}
              </Stack>
            )}
          </Stack>
          {progress !== null && (
            <Progress
              value={Math.round(progress * 100)}
              aria-label="Upload progress"
              animated={progress < 1}
              size="sm"
            />
          )}
          {error && (
            <Alert color="red" title={error.message} role="alert">
              {error.details.length > 0 && (
                <List size="sm">
                  {error.details.map((d) => (
                    <List.Item key={d}>{d}</List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={m.create.isPending} disabled={!body.trim()}>
              Post update
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
