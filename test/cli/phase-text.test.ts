import { describe, expect, it } from 'vitest';
import { phaseText } from '../../src/cli/phase-text.js';

describe('phase names', () => {
  it('counts records with thousands separators, and says one or many', () => {
    expect(phaseText({ kind: 'phase', phase: 'checking-data', records: 12000, tables: 3 })).toBe(
      'checking 12,000 records in 3 tables…',
    );
    expect(phaseText({ kind: 'phase', phase: 'checking-data', records: 1, tables: 1 })).toBe(
      'checking 1 record in 1 table…',
    );
    expect(phaseText({ kind: 'phase', phase: 'checking-data' })).toBe('checking records…');
    expect(phaseText({ kind: 'phase', phase: 'replaying', count: 1234 })).toBe(
      'replaying 1,234 migrations on the shadow…',
    );
    expect(phaseText({ kind: 'phase', phase: 'replaying', count: 1 })).toBe(
      'replaying 1 migration on the shadow…',
    );
  });

  it('names phases that run at once together', () => {
    expect(
      phaseText({
        kind: 'phases',
        phases: [
          { kind: 'phase', phase: 'reading-live' },
          { kind: 'phase', phase: 'proving-schema', count: 3 },
          { kind: 'phase', phase: 'forks' },
        ],
      }),
    ).toBe(
      'reading the database schema, proving the schema on the engine (3 statements) and checking the migration history for forks…',
    );
  });
});
