// Preloaded into measured processes: reports peak RSS (KiB) on fd 3 when the process exits.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, String(process.resourceUsage().maxRSS));
  } catch {
    // fd 3 not open: not measured
  }
});
