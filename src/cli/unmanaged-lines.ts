import { describeUnmanaged, type UnmanagedReport } from '../introspect/unmanaged.js';

const levelNames = { database: 'database', namespace: 'namespace', root: 'root (server)' } as const;

/**
 * What status and pull say about definitions smig does not manage: that they exist and are left as
 * they are, and which levels could not be read.
 */
export function unmanagedLines(report: UnmanagedReport): string[] {
  const lines: string[] = [];
  if (report.definitions.length > 0) {
    lines.push('Not managed by smig (never compared, migrated or removed):');
    for (const d of report.definitions) lines.push(`  - ${describeUnmanaged(d)}`);
  }
  for (const u of report.unchecked) {
    lines.push(`Could not check ${levelNames[u.level]}-level definitions: ${u.reason}`);
  }
  return lines;
}
