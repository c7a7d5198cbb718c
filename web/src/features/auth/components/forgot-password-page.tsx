import { passwordResetRequestSchema, type PasswordResetRequestInput } from '@constellation/shared';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconMailCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { AuthLayout } from '../../../components/auth-layout';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import { useRequestPasswordReset } from '../hooks/use-auth-mutations';

export function ForgotPasswordPage() {
  const request = useRequestPasswordReset();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PasswordResetRequestInput>({
    mode: 'controlled',
    initialValues: { email: '' },
    validate: zodValidator(passwordResetRequestSchema),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    request.mutate(values, { onError: (e) => setFormError(applyServerErrors(form, e, (p) => p === 'email')) });
  });

  return (
    <AuthLayout
      title="Reset your password"
      subtitle="We will email you a link to choose a new one."
      footer={
        <Anchor component={Link} to="/sign-in">
          Back to sign in
        </Anchor>
      }
    >
      {request.isSuccess ? (
        <Alert color="green" icon={<IconMailCheck aria-hidden />} title="Check your email" role="status">
          <Text size="sm">
            If an account exists for <strong>{form.getValues().email}</strong>, we have sent it a link to reset the password. The link
            works for a limited time. Nothing arrived? Check your spam folder, or ask again.
          </Text>
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {formError && (
              <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
                {formError}
              </Alert>
            )}
            <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} key={form.key('email')} />
            <Button type="submit" loading={request.isPending} fullWidth>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
