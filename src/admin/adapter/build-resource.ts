import type { ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { standardActions } from './actions.js';
import { propertyOptions } from './properties.js';
import type { NavigationGroup, ResourceSpec } from './resource-spec.js';
import { ServiceResource } from './service-resource.js';

/** Sidebar icons (Feather names) of the navigation groups. */
const GROUP_ICONS: Record<NavigationGroup, string> = {
  customers: 'Users',
  sales: 'TrendingUp',
  market: 'Target',
  enrollment: 'FileText',
  teaching: 'BookOpen',
  feedback: 'MessageSquare',
  system: 'Settings',
};

/** A spec as the resource AdminJS is given: the service adapter and its options (pages, selects, access). */
export function buildResource<Row extends { id: number }>(
  spec: ResourceSpec<Row>,
  dataSource: DataSource,
): ResourceWithOptions {
  const resource = new ServiceResource(spec, dataSource);
  return {
    resource,
    options: {
      id: resource.id(),
      navigation: spec.hidden ? false : { name: spec.navigation, icon: GROUP_ICONS[spec.navigation] },
      listProperties: spec.listProperties,
      showProperties: spec.showProperties,
      editProperties: spec.editProperties ?? [],
      filterProperties: spec.filterProperties ?? [],
      properties: propertyOptions(resource.infos, spec.sortable),
      sort: spec.defaultSort,
      ...(spec.titleProperty ? { titleProperty: spec.titleProperty } : {}),
      actions: standardActions(resource.spec),
    },
  };
}
