import type { AppConfig } from '../config/app-config.js';
import { LoginThrottle, TooManyAttempts } from './login-throttle.js';

const config = { loginThrottle: { perAccount: 3, perIp: 5, windowSeconds: 60 } } as AppConfig;

describe('LoginThrottle', () => {
  it('refuses an account after its limit of failures, with the seconds left in the window', () => {
    const throttle = new LoginThrottle(config);
    for (let i = 0; i < 3; i++) throttle.recordFailure('Alice', '1.1.1.1', 1000);
    expect(() => throttle.assertAllowed('alice', '2.2.2.2', 11_000)).toThrow(TooManyAttempts);
    try {
      throttle.assertAllowed('alice', '2.2.2.2', 11_000);
    } catch (error) {
      expect((error as TooManyAttempts).retryAfterSeconds).toBe(50);
    }
    expect(() => throttle.assertAllowed('bob', '2.2.2.2', 11_000)).not.toThrow();
    expect(() => throttle.assertAllowed('alice', '2.2.2.2', 61_001)).not.toThrow();
  });

  it('refuses an IP after its limit of failures across accounts', () => {
    const throttle = new LoginThrottle(config);
    for (let i = 0; i < 5; i++) throttle.recordFailure(`user${i}`, '9.9.9.9', 0);
    expect(() => throttle.assertAllowed('someone', '9.9.9.9', 1)).toThrow(TooManyAttempts);
    expect(() => throttle.assertAllowed('someone', '8.8.8.8', 1)).not.toThrow();
  });

  it('forgets an account’s failures after a successful sign-in', () => {
    const throttle = new LoginThrottle(config);
    for (let i = 0; i < 2; i++) throttle.recordFailure('carol', '1.1.1.1', 0);
    throttle.recordSuccess('carol');
    throttle.recordFailure('carol', '1.1.1.1', 0);
    expect(() => throttle.assertAllowed('carol', '3.3.3.3', 0)).not.toThrow();
  });
});
