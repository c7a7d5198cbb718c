import { Button, Group, Modal, MultiSelect, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import type { LearningEntryView } from '@constellation/shared';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { useIndicators } from '../../indicators/hooks/use-indicators';
import { useLearningMutations } from '../hooks/use-learning';

interface Props {
  collaborationId: string;
  opened: boolean;
  onClose: () => void;
  /** The indicator the entry starts linked to (the page it is written on). */
  indicatorId?: string;
  /** The period it starts on (e.g. the last period with data). */
  defaultPeriod?: string;
  /** Edit this entry instead of writing a new one. */
  entry?: LearningEntryView | null;
}

/** Write or edit a learning-log entry. Field errors from the api are shown on their fields. */
export function LearningEntryForm({ collaborationId, opened, onClose, indicatorId, defaultPeriod, entry }: Props) {
  const indicators = useIndicators(collaborationId);
  const { create, update } = useLearningMutations(collaborationId);
  const [title, setTitle] = useState(entry?.title ?? '');
  const [tried, setTried] = useState(entry?.tried ?? '');
  const [learned, setLearned] = useState(entry?.learned ?? '');
  const [willChange, setWillChange] = useState(entry?.willChange ?? '');
  const [period, setPeriod] = useState(entry?.period ?? defaultPeriod ?? '');
  const [periodTo, setPeriodTo] = useState(entry?.periodTo ?? '');
  const [ids, setIds] = useState<string[]>(entry ? entry.indicators.map((i) => i.id) : indicatorId ? [indicatorId] : []);
  const [share, setShare] = useState(entry?.shareWithFunders ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const pending = create.isPending || update.isPending;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    const body = {
      title,
      tried,
      learned,
      willChange,
      period,
      periodTo: periodTo.trim() === '' ? null : periodTo,
      indicatorIds: ids,
      shareWithFunders: share,
    };
    try {
      if (entry) await update.mutateAsync({ id: entry.id, body });
      else await create.mutateAsync(body);
      onClose();
    } catch (err) {
      if (isApiError(err, 400) && err.details.length > 0) {
        setErrors(Object.fromEntries(err.details.map((d) => [d.path.split('.')[0] ?? '', d.message])));
      } else setFormError(errorMessage(err));
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={entry ? 'Edit learning-log entry' : 'Add to the learning log'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} maxLength={200} />
          <Group grow align="flex-start">
            <TextInput
              label="Period"
              description="e.g. 2026-03, 2026-Q1 or 2026"
              required
              value={period}
              onChange={(e) => setPeriod(e.currentTarget.value)}
              error={errors.period}
            />
            <TextInput
              label="Until (optional)"
              description="For a range of periods"
              value={periodTo}
              onChange={(e) => setPeriodTo(e.currentTarget.value)}
              error={errors.periodTo}
            />
          </Group>
          <MultiSelect
            label="Indicators"
            required
            searchable
            data={(indicators.data ?? []).map((i) => ({ value: i.id, label: `${i.code} · ${i.name}` }))}
            value={ids}
            onChange={setIds}
            error={errors.indicatorIds}
          />
          <Textarea label="What we tried" autosize minRows={2} value={tried} onChange={(e) => setTried(e.currentTarget.value)} error={errors.tried} />
          <Textarea
            label="What we learned"
            required
            autosize
            minRows={2}
            value={learned}
            onChange={(e) => setLearned(e.currentTarget.value)}
            error={errors.learned}
          />
          <Textarea
            label="What we will change"
            autosize
            minRows={2}
            value={willChange}
            onChange={(e) => setWillChange(e.currentTarget.value)}
            error={errors.willChange}
          />
          <Text size="xs" c="dimmed">
            Basic formatting works: **bold**, *italic*, lists, links and quotes.
          </Text>
          <Switch
            label="Share with funders (they read it and it is in the funder report)"
            checked={share}
            onChange={(e) => setShare(e.currentTarget.checked)}
          />
          {formError && (
            <Text c="red" size="sm" role="alert">
              {formError}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {entry ? 'Save changes' : 'Add entry'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
