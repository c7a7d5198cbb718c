import { z } from 'zod';
import { email, nonEmptyText } from './common';

export const password = z
  .string()
  .min(10, { message: 'must be at least 10 characters' })
  .max(200, { message: 'must be at most 200 characters' });

export const signUpSchema = z.strictObject({
  email,
  name: nonEmptyText(120),
  password,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.strictObject({
  email,
  password: z.string().min(1, { message: 'is required' }).max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const passwordResetRequestSchema = z.strictObject({ email });
export type PasswordResetRequestInput = z.infer<typeof passwordResetRequestSchema>;

export const passwordResetConfirmSchema = z.strictObject({
  token: z.string().min(20).max(200),
  password,
});
export type PasswordResetConfirmInput = z.infer<typeof passwordResetConfirmSchema>;
