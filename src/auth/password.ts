import argon2 from 'argon2';

/** OWASP's argon2id setting: 19 MiB, 2 iterations, 1 lane (~50 ms here). */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_RULE = 'at least 8 characters, not all digits, not the username, and not a common password';

/**
 * Passwords at least 8 characters long, not all digits, that lead the leaked-password lists (here and in
 * China): the first ones an attacker tries. Compared case-insensitively.
 */
const COMMON_PASSWORDS = new Set(
  `
    password password1 password123 passw0rd p@ssw0rd p@ssword changeme welcome1 letmein1 iloveyou
    sunshine princess football baseball superman trustno1 qwertyui qwerty123 qwe123456 qweasdzxc
    qazwsxedc 1qaz2wsx 1q2w3e4r 1q2w3e4r5t q1w2e3r4 zaq12wsx asdfghjk zxcvbnm1 abcd1234 abc12345
    abc123456 a1234567 a12345678 a123456789 aa123456 aa12345678 qq123456 woaini1314 woaini520 5201314a
    admin123 admin1234 admin@123 admin888 administrator root1234 test1234 user1234 easycrm1 easycrm123
  `
    .trim()
    .split(/\s+/),
);

/** The seed's rule plus length: returns what is wrong, or undefined when the password is acceptable. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (typeof password !== 'string' || password.length < 8) return 'must be at least 8 characters';
  if (password.length > 128) return 'must be at most 128 characters';
  if (/^\d+$/.test(password)) return 'must not be all digits';
  if (username && password.toLowerCase() === username.toLowerCase()) return 'must not be the username';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'is too common; choose one that is hard to guess';
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
