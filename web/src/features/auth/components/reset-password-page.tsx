import { passwordResetConfirmSchema } from '@constellation/shared';
import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../../../components/auth-layout';
import { isApiError } from '../../../lib/api-client';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import { useConfirmPasswordReset } from '../hooks/use-auth-mutations';

interface ResetValues {
  password: string;
  confirm: string;
}

const checkPassword = zodValidator(passwordResetConfirmSchema.pick({ password: true }), (v: ResetValues) => ({ password: v.password }));

/** The password rules from the shared schema, and both copies the same. */
function validate(values: ResetValues) {
  const errors = checkPassword(values);
  if (!errors.password && values.confirm !== values.password) errors.confirm = 'The two passwords are not the same';
  return errors;
}

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const confirm = useConfirmPasswordReset();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ResetValues>({
    mode: 'controlled',
    initialValues: { password: '', confirm: '' },
    validate,
  });
  const tokenValid = passwordResetConfirmSchema.shape.token.safeParse(token).success;

  const submit = form.onSubmit((values) => {
    setFormError(null);
    confirm.mutate(
      { token, password: values.password },
      {
        onSuccess: () => navigate('/sign-in?reset=done', { replace: true }),
        onError: (e) => {
          if (isApiError(e, 400) && e.details.some((d) => d.path === 'token')) {
            setFormError('This reset link has expired or has already been used. Ask for a new one.');
          } else setFormError(applyServerErrors(form, e, (p) => p === 'password'));
        },
      },
    );
  });

  return (
    <AuthLayout
      title="Choose a new password"
      subtitle="After this, you will be signed out everywhere else."
      footer={
        <Anchor component={Link} to="/forgot-password">
          Ask for a new link
        </Anchor>
      }
    >
      {!tokenValid ? (
        <Alert color="red" icon={<IconAlertCircle aria-hidden />} title="This link is not complete" role="alert">
          Open the link from your email again, or ask for a new one.
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {formError && (
              <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
                {formError}
              </Alert>
            )}
            <PasswordInput
              label="New password"
              description="At least 10 characters."
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
              key={form.key('password')}
            />
            <PasswordInput
              label="Type it again"
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
              key={form.key('confirm')}
            />
            <Button type="submit" loading={confirm.isPending} fullWidth>
              Change password
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
