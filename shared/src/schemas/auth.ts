import { z } from 'zod';
import { email, nonEmptyText } from './common';

/**
 * A few of the most used passwords that still pass the length rule (compared case-insensitively).
 * Not a breach corpus: a first line against the obvious guesses.
 */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '123456789012',
  '0987654321',
  'qwertyuiop',
  'qwertyuiop1',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou123',
  'abcdefghij',
  'abc1234567',
  'letmein123',
  'welcome123',
  'changeme123',
  'constellation',
  'constellation1',
  'constellation123',
]);

/** True for passwords that are long enough but trivially guessable. */
export function isWeakPassword(value: string): boolean {
  const lower = value.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  // One character repeated, e.g. "aaaaaaaaaa".
  if (new Set(lower).size <= 2) return true;
  // A straight run of one step, e.g. "abcdefghijk" or "9876543210".
  const codes = [...lower].map((c) => c.codePointAt(0) ?? 0);
  const step = codes[1] - codes[0];
  if (Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1] === step)) return true;
  return false;
}

export const password = z
  .string()
  .min(10, { message: 'must be at least 10 characters' })
  .max(200, { message: 'must be at most 200 characters' })
  .refine((p) => !isWeakPassword(p), {
    message: 'is too easy to guess; try a longer phrase of unrelated words',
  });

export const signUpSchema = z.strictObject({
  email,
  name: nonEmptyText(120),
  password,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.strictObject({
  email,
  password: z
    .string()
    .min(1, { message: 'is required' })
    .max(200, { message: 'must be at most 200 characters' }),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const passwordResetRequestSchema = z.strictObject({ email });
export type PasswordResetRequestInput = z.infer<typeof passwordResetRequestSchema>;

export const passwordResetConfirmSchema = z.strictObject({
  token: z
    .string({ message: 'is required' })
    .min(20, { message: 'is not a valid reset link; ask for a new one' })
    .max(200, { message: 'is not a valid reset link; ask for a new one' }),
  password,
});
export type PasswordResetConfirmInput = z.infer<typeof passwordResetConfirmSchema>;
