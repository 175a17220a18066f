import { BaseProperty, type PropertyOptions, type PropertyType } from 'adminjs';
import type { DataSource } from 'typeorm';
import { codeTableOf } from '../../common/codes/code-column.js';
import type { PropertySpec, ResourceSpec } from './resource-spec.js';

/** TypeORM column types → AdminJS property types. */
const COLUMN_TYPES: Record<string, PropertyType> = {
  varchar: 'string',
  text: 'textarea',
  integer: 'number',
  int: 'number',
  smallint: 'number',
  boolean: 'boolean',
  datetime: 'datetime',
  date: 'date',
  'simple-json': 'mixed',
};

/** A property with what AdminJS needs to show, select and convert it. */
export interface PropertyInfo extends PropertySpec {
  name: string;
  type: PropertyType;
  isArray: boolean;
  isRequired: boolean;
  /** An emptied field clears it (null); emptying a NOT NULL one leaves it out (its default, or unchanged). */
  isNullable: boolean;
  subProperties: PropertyInfo[];
}

/** Every property name a spec shows anywhere, plus the id and the title. */
export function propertyNames(spec: ResourceSpec<{ id: number }>): string[] {
  const { listProperties, showProperties, editProperties = [], filterProperties = [], titleProperty } = spec;
  const title = titleProperty ? [titleProperty] : [];
  return [...new Set(['id', ...title, ...listProperties, ...showProperties, ...editProperties, ...filterProperties])];
}

function fromSpec(name: string, spec: PropertySpec, isNullable = true): PropertyInfo {
  return {
    ...spec,
    isNullable,
    name,
    type: spec.codes ? 'string' : (spec.type ?? (spec.reference ? 'reference' : 'string')),
    isArray: !!spec.isArray,
    isRequired: !!spec.isRequired,
    subProperties: Object.entries(spec.sub ?? {}).map(([subName, sub]) => fromSpec(subName, sub)),
  };
}

/**
 * Describes a spec's properties: entity columns from the TypeORM metadata (type, required-ness, the code
 * table of a code column, the resource a many-to-one column refers to), the rest from the spec.
 */
export function describeProperties(spec: ResourceSpec<{ id: number }>, dataSource: DataSource): PropertyInfo[] {
  const metadata = dataSource.getMetadata(spec.entity);
  return propertyNames(spec).map((name) => {
    const column = metadata.findColumnWithPropertyName(name);
    const own = spec.properties?.[name] ?? {};
    if (!column) return fromSpec(name, own);
    const type = typeof column.type === 'string' ? (COLUMN_TYPES[column.type] ?? 'string') : 'string';
    const derived: PropertySpec = {
      type,
      codes: codeTableOf(spec.entity, name),
      reference: column.relationMetadata?.inverseEntityMetadata.name,
      isRequired: !column.isNullable && column.default === undefined && !column.isGenerated && !column.isVersion,
    };
    return fromSpec(name, { ...derived, ...own }, column.isNullable);
  });
}

/** A property AdminJS reads from the adapter; everything else it needs is in propertyOptions(). */
class ServiceProperty extends BaseProperty {
  constructor(
    private readonly info: PropertyInfo,
    isSortable: boolean,
  ) {
    super({ path: info.name, type: info.type, isId: info.name === 'id', isSortable });
  }

  override subProperties(): BaseProperty[] {
    return this.info.subProperties.map((sub) => new ServiceProperty(sub, false));
  }

  override isArray(): boolean {
    return this.info.isArray;
  }

  override reference(): string | null {
    return this.info.reference ?? null;
  }
}

export function toBaseProperties(infos: PropertyInfo[], sortable: readonly string[]): BaseProperty[] {
  return infos.map((info) => new ServiceProperty(info, sortable.includes(info.name)));
}

function optionsOf(info: PropertyInfo, isSortable: boolean): PropertyOptions {
  return {
    type: info.type,
    isSortable,
    isRequired: info.isRequired,
    isArray: info.isArray,
    ...(info.reference ? { reference: info.reference } : {}),
    // the code keys (see code-values.ts), labelled in both languages by locale/translations.ts
    ...(info.codes ? { availableValues: info.codes.items.map(({ key }) => ({ value: key, label: key })) } : {}),
    ...(info.choices ? { availableValues: Object.keys(info.choices).map((key) => ({ value: key, label: key })) } : {}),
  };
}

/** AdminJS property options by path (sub-properties as `contacts.relation`). */
export function propertyOptions(infos: PropertyInfo[], sortable: readonly string[]): Record<string, PropertyOptions> {
  const options: Record<string, PropertyOptions> = {};
  for (const info of infos) {
    options[info.name] = optionsOf(info, sortable.includes(info.name));
    for (const sub of info.subProperties) options[`${info.name}.${sub.name}`] = optionsOf(sub, false);
  }
  return options;
}
