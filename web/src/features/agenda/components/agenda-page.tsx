import { Alert, Button, Grid, Group, Paper, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconPencil, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { PageLoader } from '../../../components/page-loader';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { applyServerErrors } from '../../../lib/zod-form';
import type { AgendaVersion } from '../../collaborations/api/collaborations-api';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { useAgenda, useSaveAgenda } from '../hooks/use-agenda';
import { agendaToFormValues, formValuesToAgenda, useAgendaForm } from '../hooks/use-agenda-form';
import { AgendaFields } from './agenda-fields';
import { AgendaHistory } from './agenda-history';
import { AgendaView } from './agenda-view';
import { EndorseBanner } from './endorse-banner';

function AgendaEditor({ agenda, onDone, onReload }: { agenda: AgendaVersion; onDone: () => void; onReload: () => Promise<AgendaVersion | undefined> }) {
  const { collaborationId } = useCollaborationContext();
  const form = useAgendaForm(agendaToFormValues(agenda));
  const [baseVersion, setBaseVersion] = useState(agenda.version);
  const [changeNote, setChangeNote] = useState('');
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveAgenda(collaborationId);

  const reload = async () => {
    const latest = await onReload();
    if (latest) {
      form.setValues(agendaToFormValues(latest));
      form.resetDirty();
      setBaseVersion(latest.version);
    }
    setConflict(false);
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      { ...formValuesToAgenda(values), baseVersion, changeNote },
      {
        onSuccess: (v) => {
          notifications.show({ color: 'green', title: 'Agenda saved', message: `Version ${v.version} is now the current agenda.` });
          onDone();
        },
        onError: (e) => {
          if (isApiError(e, 409)) setConflict(true);
          else setFormError(applyServerErrors(form, e, (p) => p in values || p.startsWith('principles.')));
        },
      },
    );
  });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <form onSubmit={submit} noValidate aria-label="Edit the common agenda">
        <Stack gap="md">
          {conflict && (
            <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="Someone saved a newer version" role="alert">
              <Stack gap="xs" align="flex-start">
                <span>
                  While you were editing, someone else saved a new version of the agenda. Reload it to see their changes, then make
                  yours again. Reloading replaces what you have typed here.
                </span>
                <Button size="xs" variant="default" leftSection={<IconRefresh size={14} aria-hidden />} onClick={reload}>
                  Reload the latest version
                </Button>
              </Stack>
            </Alert>
          )}
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <AgendaFields form={form} />
          <Textarea
            label="What changed and why"
            description="Kept in the version history, so partners can see why the agenda moved."
            autosize
            minRows={2}
            maxLength={500}
            value={changeNote}
            onChange={(e) => setChangeNote(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save as version {baseVersion + 1}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function AgendaPage() {
  const { collaborationId, can, collaboration } = useCollaborationContext();
  const agenda = useAgenda(collaborationId);
  const [editing, setEditing] = useState(false);
  const archived = collaboration.status === 'archived';

  if (agenda.isPending) return <PageLoader />;
  if (agenda.isError) return <ErrorState error={agenda.error} onRetry={() => agenda.refetch()} what="the agenda" />;
  const a = agenda.data;

  return (
    <>
      <PageHeader
        title="Common agenda"
        description={`Version ${a.version}, saved by ${a.author?.name ?? 'someone'} on ${formatDateTime(a.createdAt)}. Partners join by endorsing it.`}
        actions={
          can('agenda.edit') && !editing && !archived ? (
            <Button leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
              Edit the agenda
            </Button>
          ) : undefined
        }
      />
      <EndorseBanner currentVersion={a.version} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {editing ? (
            <AgendaEditor
              agenda={a}
              onDone={() => setEditing(false)}
              onReload={async () => {
                const r = await agenda.refetch();
                if (r.error) notifications.show({ color: 'red', message: errorMessage(r.error) });
                return r.data;
              }}
            />
          ) : (
            <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-label={`Agenda version ${a.version}`}>
              <AgendaView agenda={a} />
            </Paper>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <AgendaHistory collaborationId={collaborationId} />
        </Grid.Col>
      </Grid>
    </>
  );
}
