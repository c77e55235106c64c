// Moves the loader that Trunk writes inline into dist/index.html into a file of its
// own, so the page's Content-Security-Policy (index.html) can allow no inline script:
//
//   node scripts/external-loader.mjs DIST PUBLIC_URL
//
// Trunk 0.21 always inlines `<script type="module">import init … </script>`; it has no
// option to write it as a file. The script's text is kept byte for byte; only its
// place changes. Run by `lab` after every build; running it twice changes nothing.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dist, publicUrl = "/"] = process.argv.slice(2);
if (!dist) {
  console.error("usage: node scripts/external-loader.mjs DIST [PUBLIC_URL]");
  process.exit(2);
}
const indexPath = join(dist, "index.html");
const html = readFileSync(indexPath, "utf8");
const inline = /<script type="module">([\s\S]*?)<\/script>/g;
const found = [...html.matchAll(inline)];
if (found.length === 0) process.exit(0);
if (found.length > 1) {
  console.error(`${indexPath}: expected one inline loader, found ${found.length}`);
  process.exit(1);
}
const code = found[0][1].trim() + "\n";
const name = `start-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
writeFileSync(join(dist, name), code);
const base = publicUrl.endsWith("/") ? publicUrl : `${publicUrl}/`;
writeFileSync(indexPath, html.replace(found[0][0], `<script type="module" src="${base}${name}"></script>`));
