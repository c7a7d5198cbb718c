import { signUpSchema, type SignUpInput } from '@constellation/shared';
import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../../../components/auth-layout';
import { isApiError } from '../../../lib/api-client';
import { applyServerErrors, zodValidator } from '../../../lib/zod-form';
import { useSignUp } from '../hooks/use-auth-mutations';
import { useMe } from '../hooks/use-me';
import { useNextPath, withNext } from '../hooks/use-next-path';

export function SignUpPage() {
  const next = useNextPath();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const signUp = useSignUp();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SignUpInput>({
    mode: 'controlled',
    initialValues: { name: '', email: params.get('email') ?? '', password: '' },
    validate: zodValidator(signUpSchema),
    validateInputOnBlur: true,
  });

  if (me.data && !signUp.isPending && !signUp.isSuccess) return <Navigate to={next} replace />;

  const submit = form.onSubmit((values) => {
    setFormError(null);
    signUp.mutate(values, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: (e) => {
        if (isApiError(e, 409)) {
          form.setFieldError('email', 'An account with this email already exists. Sign in instead.');
          return;
        }
        setFormError(applyServerErrors(form, e, (p) => p in values));
      },
    });
  });

  return (
    <AuthLayout
      title="Create your account"
      subtitle="One account for every collaboration you take part in."
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to={withNext('/sign-in', next)}>
            Sign in
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError && (
            <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
              {formError}
            </Alert>
          )}
          <TextInput label="Your name" autoComplete="name" required {...form.getInputProps('name')} key={form.key('name')} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
            key={form.key('email')}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters. A short sentence is easy to remember."
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
            key={form.key('password')}
          />
          <Button type="submit" loading={signUp.isPending} fullWidth mt="xs">
            Create account
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
