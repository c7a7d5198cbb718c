import { Alert, Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconMailOff } from '@tabler/icons-react';
import { unsubscribeQuerySchema } from '@constellation/shared';
import { Link, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api-client';
import { useUnsubscribe } from '../hooks/use-comments';

/**
 * The link in a notification email. Opening it changes nothing (mail scanners open links); the
 * button does, without needing to sign in.
 */
export function UnsubscribePage() {
  useDocumentTitle('Stop these emails');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const valid = unsubscribeQuerySchema.safeParse({ token }).success;
  const run = useUnsubscribe();
  return (
    <Paper withBorder radius="md" p="xl" maw={560} mx="auto">
      <Stack>
        <Title order={1} size="h2">
          Stop these emails
        </Title>
        {!valid ? (
          <Alert color="red" role="alert" title="This link is not complete">
            Copy the whole link from the email, or change your <Anchor component={Link} to="/settings/notifications">email settings</Anchor> after signing in.
          </Alert>
        ) : run.isSuccess ? (
          <Alert color="green" icon={<IconCircleCheck aria-hidden />} title="Done" role="status">
            You will no longer get emails about “{run.data.label}”. They still appear under the bell in the app. Change this any time in your{' '}
            <Anchor component={Link} to="/settings/notifications">
              email settings
            </Anchor>
            .
          </Alert>
        ) : (
          <>
            <Text>Stop emails of this kind? You will still see these notifications in the app.</Text>
            {run.isError && (
              <Alert color="red" role="alert" title="Nothing changed">
                {errorMessage(run.error)}
              </Alert>
            )}
            <Button leftSection={<IconMailOff size={16} aria-hidden />} loading={run.isPending} onClick={() => run.mutate(token)} w="fit-content">
              Stop these emails
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}
