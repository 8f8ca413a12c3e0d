// Preloaded into measured processes: reports, when the process exits, its peak RSS (KiB) on fd 3
// and, on fd 5 when it is open, whether it compiled WebAssembly (tree-sitter is WASM: a
// CloudFormation-only run must not).
import { writeSync } from 'node:fs';

let wasm = false;
for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  if (typeof original === 'function') WebAssembly[name] = function (...args) { wasm = true; return original.apply(this, args); };
}
WebAssembly.Module = new Proxy(WebAssembly.Module, { construct(target, args) { wasm = true; return Reflect.construct(target, args); } });

process.on('exit', () => {
  for (const [fd, value] of [[3, process.resourceUsage().maxRSS], [5, wasm]]) {
    try {
      writeSync(fd, String(value));
    } catch {
      // fd not open: not measured
    }
  }
});
