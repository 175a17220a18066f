import { registerDecorator, type ValidationOptions } from 'class-validator';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/**
 * Whether `value` is a well-formed 18-character Chinese resident ID number (GB 11643-1999): 17 digits and a
 * check character (a digit or X) that matches the ISO 7064 MOD 11-2 checksum, with a real birth date in
 * positions 7–14 that is not in the future.
 */
export function isChineseIdNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^[1-9]\d{16}[\dX]$/.test(value)) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  if (CHECK_CHARACTERS[sum % 11] !== value[17]) return false;
  const [year, month, day] = [value.slice(6, 10), value.slice(10, 12), value.slice(12, 14)].map(Number);
  const birth = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    birth.getUTCFullYear() === year &&
    birth.getUTCMonth() === month - 1 &&
    birth.getUTCDate() === day &&
    birth.getTime() <= Date.now()
  );
}

/** DTO field holding a Chinese resident ID number (upper-case the X before validating). */
export function IsChineseIdNumber(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isChineseIdNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be an 18-character Chinese ID number with a valid check character',
        ...options,
      },
      validator: { validate: isChineseIdNumber },
    });
}
