import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY, type AccessRule } from '../../src/common/auth/access.decorators.js';
import type { TestApp } from './test-app.js';

export interface RouteInfo {
  /** e.g. `PATCH /api/v1/customers/:id` */
  name: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  handler: string;
  rule: AccessRule | undefined;
}

const METHODS: Partial<Record<RequestMethod, RouteInfo['method']>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
};

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/**
 * Every route the application registers, read from the controllers' metadata (the access guard reads the same),
 * with the access rule it declares. `prefix` and `excluded` mirror app.factory.ts's global prefix.
 */
export function routeInventory(t: TestApp, prefix: string, excluded: string[]): RouteInfo[] {
  const reflector = t.app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
    if (!wrapper.instance || !wrapper.metatype) continue;
    const proto = Object.getPrototypeOf(wrapper.instance);
    const base = [Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? ''].flat() as string[];
    for (const methodName of scanner.getAllMethodNames(proto)) {
      const handler = proto[methodName];
      const paths = Reflect.getMetadata(PATH_METADATA, handler);
      if (paths === undefined) continue; // a helper, not a route
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const method = METHODS[requestMethod];
      if (!method) throw new Error(`${wrapper.name}.${methodName}: method ${requestMethod} is not covered`);
      const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, wrapper.metatype]);
      for (const controllerPath of base) {
        for (const routePath of [paths].flat() as string[]) {
          const local = join(controllerPath, routePath);
          const path = excluded.includes(local.slice(1)) ? local : join(prefix, local);
          routes.push({
            name: `${method.toUpperCase()} ${path}`,
            method,
            path,
            handler: `${wrapper.name}.${methodName}`,
            rule,
          });
        }
      }
    }
  }
  return routes;
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of the results. */
export async function mapBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
