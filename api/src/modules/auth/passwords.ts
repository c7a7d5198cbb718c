import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with the library defaults (19 MiB, 2 passes, 1 lane: the OWASP minimum).
 * The parameters are stored in each hash, so raising them later keeps old hashes verifiable.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

/** False (never an exception) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return hashPassword(password);
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return verifyPassword(passwordHash, password);
  }

  /**
   * Spend the same work as a real verification when there is no account, so the answer time
   * does not tell whether an email is registered. Always false.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummy ??= hashPassword(randomBytes(24).toString('base64url'));
    await verifyPassword(await this.dummy, password);
    return false;
  }
}
