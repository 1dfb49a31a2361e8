// Preloaded into a measured process (`node --import ./scripts/bench-cpu.mjs …`): at exit it writes the
// process's own CPU time (user + system, ms) to the file named by SMIG_BENCH_CPU_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.SMIG_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, String((user + system) / 1000));
  });
}
