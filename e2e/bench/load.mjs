// Page load to interactive, in headless Chromium: from navigation start to the
// moment the chapter's first Fire button is in the page (the app has mounted, the
// network is drawn and judged). Run against a built site:
//
//   ./lab build && node e2e/bench/load.mjs [dist] [runs]
//
// Prints each run and the median, in milliseconds. Each run is a fresh browser
// context (no cache), served from localhost by the same server as the tests.
import { fileURLToPath } from "node:url";
import { start } from "./browser.mjs";

const dist = process.argv[2] ?? fileURLToPath(new URL("../../dist", import.meta.url));
const runs = Number(process.argv[3] ?? 15);

const { browser, server, close } = await start(dist);

// Records when the first Fire button appears, by the page's own clock.
const watch = () => {
  const seen = () => document.querySelector('button[aria-label="Fire connection 1"]');
  new MutationObserver((_, observer) => {
    if (seen()) {
      window.__interactiveAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

const times = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(watch);
  await page.goto(server.url);
  await page.waitForFunction(() => window.__interactiveAt !== undefined, null, { timeout: 30_000 });
  const at = await page.evaluate(() => window.__interactiveAt);
  times.push(at);
  console.log(`run ${i + 1}: ${at.toFixed(1)} ms`);
  await context.close();
}
times.sort((a, b) => a - b);
console.log(`median: ${times[Math.floor(times.length / 2)].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)})`);
await close();
