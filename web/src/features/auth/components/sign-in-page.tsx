import { signInSchema, type SignInInput } from '@constellation/shared';
import { Alert, Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../../../components/auth-layout';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import { useSignIn } from '../hooks/use-auth-mutations';
import { useMe } from '../hooks/use-me';
import { useNextPath, withNext } from '../hooks/use-next-path';

export function SignInPage() {
  const next = useNextPath();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const signIn = useSignIn();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SignInInput>({
    mode: 'controlled',
    initialValues: { email: params.get('email') ?? '', password: '' },
    validate: zodValidator(signInSchema),
  });

  if (me.data && !signIn.isPending && !signIn.isSuccess) return <Navigate to={next} replace />;

  const submit = form.onSubmit((values) => {
    setFormError(null);
    signIn.mutate(values, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: (e) => {
        if (isApiError(e, 401)) setFormError('That email and password do not match an account. Check both and try again.');
        else if (isApiError(e, 429)) setFormError(errorMessage(e));
        else setFormError(applyServerErrors(form, e, (p) => p in values));
      },
    });
  });

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back to Constellation."
      footer={
        <>
          New here?{' '}
          <Anchor component={Link} to={withNext('/sign-up', next)}>
            Create an account
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {params.get('reset') === 'done' && !formError && (
            <Alert color="green" role="status">
              Your password has been changed. Sign in with your new password.
            </Alert>
          )}
          {formError && (
            <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
              {formError}
            </Alert>
          )}
          <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} key={form.key('email')} />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
            key={form.key('password')}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
          </Group>
          <Button type="submit" loading={signIn.isPending} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
