import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { errorMessage, isApiError } from '../lib/api-client';
import { NotFoundPanel } from './not-found-page';

interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
  /** What was being loaded, e.g. "the partners". */
  what?: string;
}

/** A failed load: not found and forbidden get their own panels, anything else a retry. */
export function ErrorState({ error, onRetry, what = 'this page' }: ErrorStateProps) {
  if (isApiError(error, 404)) return <NotFoundPanel />;
  if (isApiError(error, 403)) return <NotFoundPanel forbidden />;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={`We could not load ${what}`} role="alert">
      <Stack gap="sm">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Group>
            <Button size="xs" variant="default" leftSection={<IconRefresh size={14} aria-hidden />} onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
