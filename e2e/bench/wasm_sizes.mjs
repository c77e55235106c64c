// Where the app's wasm is spent: the code of every function summed by the crate its
// name starts with (so generic code counts under the crate that defines it), and the
// data segments. Needs a wasm with its name section, e.g. the release build before
// wasm-opt strips it, run through wasm-bindgen and wasm-opt with -g:
//
//   ./lab build
//   wasm-bindgen --target web --out-dir /tmp/wb --out-name app \
//     target/wasm/wasm32-unknown-unknown/release/sglab-app.wasm
//   wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int \
//     /tmp/wb/app_bg.wasm -o /tmp/wb/named.wasm
//   node e2e/bench/wasm_sizes.mjs /tmp/wb/named.wasm
//
// (wasm-bindgen and wasm-opt are the pinned ones in ~/.cache/sglab/bin.) The app's
// and the engine's own code is split by module.
import { readFileSync } from "node:fs";

const bytes = readFileSync(process.argv[2]);
let at = 8;
const uleb = () => {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return result >>> 0;
};
const skipLimits = () => {
  const flags = bytes[at++];
  uleb();
  if (flags & 1) uleb();
};

let imported = 0;
const codeSizes = [];
const names = new Map();
let data = 0;
while (at < bytes.length) {
  const id = bytes[at++];
  const length = uleb();
  const end = at + length;
  if (id === 2) {
    for (let n = uleb(); n > 0; n--) {
      // (Not `at += uleb()`: that adds the length to `at` as it was before the read.)
      const module = uleb();
      at += module;
      const field = uleb();
      at += field;
      const kind = bytes[at++];
      if (kind === 0) (uleb(), imported++);
      else if (kind === 1) (at++, skipLimits());
      else if (kind === 2) skipLimits();
      else if (kind === 3) at += 2;
    }
  } else if (id === 10) {
    for (let n = uleb(); n > 0; n--) {
      const size = uleb();
      codeSizes.push(size);
      at += size;
    }
  } else if (id === 11) {
    data = length;
  } else if (id === 0) {
    const nameLength = uleb();
    const name = bytes.subarray(at, at + nameLength).toString();
    at += nameLength;
    if (name === "name") {
      while (at < end) {
        const sub = bytes[at++];
        const subLength = uleb();
        const subEnd = at + subLength;
        if (sub === 1) {
          for (let n = uleb(); n > 0; n--) {
            const index = uleb();
            const l = uleb();
            names.set(index, bytes.subarray(at, at + l).toString());
            at += l;
          }
        }
        at = subEnd;
      }
    }
  }
  at = end;
}

const byCrate = {};
let code = 0;
codeSizes.forEach((size, i) => {
  const name = names.get(i + imported) ?? "(no name)";
  const m = name.match(/([a-z_0-9]+)\[[0-9a-f]+\]::([a-z_0-9]+)/);
  const key = !m ? "(other)" : m[1] === "sglab_app" || m[1] === "sglab_engine" ? `${m[1]}::${m[2]}` : m[1];
  byCrate[key] = (byCrate[key] ?? 0) + size;
  code += size;
});
console.log(`code ${code} bytes, data ${data} bytes`);
for (const [key, size] of Object.entries(byCrate).sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${String(size).padStart(9)}  ${key}`);
}
