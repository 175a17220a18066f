import { yuan } from './money.js';

it('formats fen as yuan', () => {
  expect(yuan(300_001)).toBe('¥3,000.01');
  expect(yuan(0)).toBe('¥0.00');
  expect(yuan(-5)).toBe('-¥0.05');
});
