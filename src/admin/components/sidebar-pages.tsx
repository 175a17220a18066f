import React from 'react';
import { useCurrentAdmin } from 'adminjs';

/** The permission each custom page needs (admin-options.ts `pages`); its handler refuses the rest. */
const PAGE_PERMISSIONS: Record<string, string> = { reports: 'reports.read' };

interface SidebarPagesProps {
  pages?: { name: string; icon?: string }[];
  OriginalComponent: React.ComponentType<{ pages?: { name: string; icon?: string }[] }>;
}

/** AdminJS's page links in the sidebar, without the pages the signed-in staff member may not open. */
export default function SidebarPages({ pages = [], OriginalComponent }: SidebarPagesProps) {
  const [admin] = useCurrentAdmin();
  const held = new Set<string>((admin?.permissions as string[] | undefined) ?? []);
  const allowed = pages.filter((page) => !PAGE_PERMISSIONS[page.name] || held.has(PAGE_PERMISSIONS[page.name]));
  return <OriginalComponent pages={allowed} />;
}
