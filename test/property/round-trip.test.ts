import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Shadow } from '../../src/engine/connection.js';
import { roundTrip, schemaSpec } from './universe.js';

/**
 * Random pairs of schemas A and B from a small universe: ∅ → A applies and gives A; A → B applied after
 * A gives B exactly, its rollback gives A exactly, and a diff after B is empty. The seed is fixed so CI
 * is reproducible (SMIG_FUZZ_SEED overrides it); SMIG_FUZZ_RUNS sets the number of pairs.
 */

const runs = Number(process.env.SMIG_FUZZ_RUNS ?? 40);
const seed = Number(process.env.SMIG_FUZZ_SEED ?? 20_260_101);

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

describe('round trip over random schema pairs', () => {
  it(`holds for ${runs} pairs (seed ${seed})`, { timeout: Math.max(120_000, runs * 1_000) }, async () => {
    console.log(`round trip: ${runs} pairs, seed ${seed} (set SMIG_FUZZ_SEED / SMIG_FUZZ_RUNS to change)`);
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(schemaSpec, schemaSpec, (a, b) => roundTrip(shadow, a, b)),
      { numRuns: runs, seed, endOnFailure: false },
    );
    console.log(`round trip: ${runs} pairs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(runs).toBeGreaterThan(0);
  });
});
