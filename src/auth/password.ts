import argon2 from 'argon2';

/** OWASP's argon2id setting: 19 MiB, 2 iterations, 1 lane (~50 ms here). */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_RULE = 'at least 8 characters, not all digits, and not the username';

/** The seed's rule plus length: returns what is wrong, or undefined when the password is acceptable. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (typeof password !== 'string' || password.length < 8) return 'must be at least 8 characters';
  if (password.length > 128) return 'must be at most 128 characters';
  if (/^\d+$/.test(password)) return 'must not be all digits';
  if (username && password.toLowerCase() === username.toLowerCase()) return 'must not be the username';
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
