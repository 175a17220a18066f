import { hashPassword, passwordProblem, verifyPassword } from './password.js';

describe('password rules and hashing', () => {
  it.each([
    ['short1', 'must be at least 8 characters'],
    ['12345678', 'must not be all digits'],
    ['zhangsan', 'must not be the username'],
    ['x'.repeat(129), 'must be at most 128 characters'],
    ['P@ssw0rd', 'is too common; choose one that is hard to guess'],
    ['woaini1314', 'is too common; choose one that is hard to guess'],
  ])('refuses %s', (password, problem) => {
    expect(passwordProblem(password, 'ZhangSan')).toBe(problem);
  });

  it('accepts a reasonable password', () => {
    expect(passwordProblem('Spring#2026', 'zhangsan')).toBeUndefined();
  });

  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('Spring#2026');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'Spring#2026')).toBe(true);
    expect(await verifyPassword(hash, 'spring#2026')).toBe(false);
    expect(await verifyPassword('not a hash', 'Spring#2026')).toBe(false);
  });
});
