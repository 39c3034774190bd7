import { z } from 'zod';
import { VmsKind } from '../../shared/model/server';
import type { VendorInfo } from '../../shared/model/server-form';
import type { VmsAdapter } from './adapter';
import { EenServerConfig, eenVendor } from './een/een-vendor';
import { IvmsServerConfig, ivmsVendor } from './ivms/ivms-vendor';
import { MilestoneServerConfig, milestoneVendor } from './milestone/milestone-vendor';
import { VxgServerConfig, vxgVendor } from './vxg/vxg-vendor';
import type { AdapterDeps, VendorModule } from './vendor';

/**
 * The vendors this version speaks. The configuration loader, the servers store, the server
 * draft and the Servers dialog are all driven by this list; a vendor is added here and in
 * its own folder, nowhere else.
 */
export const ServerConfig = z.discriminatedUnion('type', [IvmsServerConfig, VxgServerConfig, EenServerConfig, MilestoneServerConfig]);
export type ServerConfig = z.infer<typeof ServerConfig>;
export type ServerKind = ServerConfig['type'];

type Vendors = { readonly [K in ServerKind]: VendorModule<Extract<ServerConfig, { type: K }>> };

const VENDORS: Vendors = { ivms: ivmsVendor, vxg: vxgVendor, een: eenVendor, milestone: milestoneVendor };

/** Words for the vendors Tessera is designed for but this version cannot connect to yet. */
const PLANNED: Readonly<Record<VmsKind, string>> = {
  ivms: 'Videonetics IVMS Pro',
  vxg: 'VXG Cloud VMS',
  een: 'Eagle Eye Networks',
  milestone: 'Milestone XProtect',
};

export function isSupportedKind(kind: string): kind is ServerKind {
  return Object.hasOwn(VENDORS, kind);
}

/** The vendor module of a kind (throws for a kind this version does not support). */
export function vendorFor<K extends ServerKind>(kind: K): VendorModule<Extract<ServerConfig, { type: K }>> {
  return VENDORS[kind];
}

/** The vendor module of a configuration, typed to it. */
export function vendorOf(config: ServerConfig): VendorModule<ServerConfig> {
  // Sound because a module is only ever handed configurations of its own type (looked up by `config.type`).
  return VENDORS[config.type];
}

export function vendorLabel(kind: VmsKind): string {
  return isSupportedKind(kind) ? VENDORS[kind].label : PLANNED[kind];
}

export function createAdapter(config: ServerConfig, deps: AdapterDeps): VmsAdapter {
  return vendorOf(config).createAdapter(config, deps);
}

/** Every vendor as the Servers dialog and the rule editor offer them, the unsupported ones marked. */
export function vendorInfos(): VendorInfo[] {
  return VmsKind.options.map((kind) => {
    if (!isSupportedKind(kind)) return { kind, label: PLANNED[kind], supported: false, fields: [], notes: [], eventTypes: {} };
    const vendor: VendorModule<ServerConfig> = vendorOf({ type: kind } as ServerConfig);
    return {
      kind,
      label: vendor.label,
      supported: true,
      fields: [...vendor.form],
      notes: [...(vendor.notes ?? [])],
      eventTypes: Object.fromEntries(Object.entries(vendor.eventTypes).map(([code, words]) => [`${kind}:${code}`, words])),
    };
  });
}
