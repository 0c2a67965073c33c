import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { TOKEN_TTL_SECONDS } from '../../auth/jwt.js';
import { UserSchema } from './user-view.js';

/** Trimmed and lower-cased before validation, so `Ann@Example.com ` and `ann@example.com` are one account. */
export const NewEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Must be an email address' }).max(254));

export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { message: `Must be at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(1024, { message: 'Must be at most 1024 characters' });

/** A password being checked, not set: any length rule here would only leak the policy's history. */
export const GivenPassword = z.string().min(1, { message: 'Required' }).max(1024, { message: 'Must be at most 1024 characters' });

export const TotpCode = z.string().regex(/^[0-9]{6}$/, { message: 'Must be the 6-digit code from your authenticator app' });

export const SessionSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().meta({ examples: [TOKEN_TTL_SECONDS.access] }),
  user: UserSchema,
});

export const TotpChallengeSchema = z.object({
  requiresTotp: z.literal(true),
  tempToken: z.string().describe('Send as `Authorization: Bearer <tempToken>` to POST /auth/totp/verify within 5 minutes'),
});

export const AccessTokenSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().meta({ examples: [TOKEN_TTL_SECONDS.access] }),
});

export const TotpSetupSchema = z.object({
  secret: z.string().describe('Base32; enter it by hand if the QR code cannot be scanned'),
  otpauthUri: z.string().describe('otpauth://totp/… — render as a QR code for an authenticator app'),
});
