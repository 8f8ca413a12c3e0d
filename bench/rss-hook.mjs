// Preloaded into measured processes: reports, on fd 3 when the process exits, its peak RSS (KiB)
// and whether it compiled WebAssembly (tree-sitter is WASM: a CloudFormation-only run must not).
import { writeSync } from 'node:fs';

let wasm = false;
for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  if (typeof original === 'function') WebAssembly[name] = function (...args) { wasm = true; return original.apply(this, args); };
}
const OriginalModule = WebAssembly.Module;
WebAssembly.Module = new Proxy(OriginalModule, { construct(target, args) { wasm = true; return Reflect.construct(target, args); } });

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify({ maxRSS: process.resourceUsage().maxRSS, wasm }));
  } catch {
    // fd 3 not open: not measured
  }
});
