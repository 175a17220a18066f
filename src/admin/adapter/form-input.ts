import type { Type } from '@nestjs/common';
import { flat } from 'adminjs';
import { getMetadataStorage } from 'class-validator';
import { codeOf } from './code-values.js';
import type { PropertyInfo } from './properties.js';

const WHOLE_NUMBER = /^-?\d+$/;

const isEmpty = (value: unknown) => value === '' || value === null || value === undefined;

/** Digits are a number; anything else stays for the DTO to refuse. */
const toNumber = (value: unknown): unknown =>
  typeof value === 'string' && WHOLE_NUMBER.test(value.trim()) ? Number(value) : value;

function scalar(value: unknown, info: PropertyInfo): unknown {
  if (isEmpty(value)) return null;
  if (info.codes) return codeOf(info.codes, value);
  if (info.type === 'number' || info.type === 'reference') return toNumber(value);
  return value;
}

function convert(value: unknown, info: PropertyInfo): unknown {
  if (!info.isArray) return scalar(value, info);
  if (value === null) return [];
  return Array.isArray(value) ? value.map((item) => scalar(item, info)) : value;
}

/**
 * The API request body a back-office form stands for: only `fields` (the form's editable properties, plus
 * `version` for an edit), each converted from the form's strings to what the API's JSON would carry, so the
 * API's DTO validates it. A field the form did not send, or emptied when its column cannot be null, is left
 * out (the default on create, unchanged on an edit); an emptied nullable field is null (cleared).
 */
export function formInput(
  payload: Record<string, unknown>,
  infos: PropertyInfo[],
  fields: readonly string[],
): Record<string, unknown> {
  const values = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(payload);
  const input: Record<string, unknown> = {};
  for (const name of fields) {
    if (!(name in values)) continue;
    const info = infos.find((candidate) => candidate.name === name);
    const value = values[name];
    if (!info) input[name] = toNumber(value);
    else if (info.isArray || !isEmpty(value) || info.isNullable) input[name] = convert(value, info);
  }
  return input;
}

/** The fields a DTO class declares (validates), e.g. to leave the username out of a staff edit. */
export function dtoFields(dto: Type<object>): Set<string> {
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((m) => m.propertyName),
  );
}
