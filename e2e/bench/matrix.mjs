// The reachability matrix in the browser: how long `ReachMatrix::build` takes in wasm
// in headless Chromium for a lab of ~1000 network interfaces, every pair on one port.
// Run against a built site:
//
//   ./lab build && node e2e/bench/matrix.mjs [dist] [interfaces] [runs]
//   node e2e/bench/matrix.mjs --write lab.json [interfaces]   # only write the lab
//
// The lab is AWS JSON from `realistic_lab.mjs`, the same shape as the engine's
// `networks::realistic_lab` (its 1000-interface matrix has the same 295,385 allowed
// pairs), imported through the Import dialog as a person would. The "Who can reach"
// tab is then opened and its Type switched between HTTP (80) and HTTPS (443); every
// build of the matrix is timed by the app itself as a User Timing measure
// (`reach-matrix`, and `reach-counts` for the counts over every pair that the tab
// shows above the grid).
// Prints each HTTPS build, and the whole update from the Type's change to the page
// showing it; medians in milliseconds.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { start, openLab, importLab } from "./browser.mjs";
import { realisticLab } from "./realistic_lab.mjs";

if (process.argv[2] === "--write") {
  writeFileSync(process.argv[3], JSON.stringify(realisticLab(Number(process.argv[4] ?? 1000)), null, 1));
  process.exit(0);
}

const dist = process.argv[2] ?? fileURLToPath(new URL("../../dist", import.meta.url));
const interfaces = Number(process.argv[3] ?? 1000);
const runs = Number(process.argv[4] ?? 15);

const { browser, server, close } = await start(dist);
const { page, errors } = await openLab(browser, server.url);

// Import the lab as a file, through the dialog.
const started = Date.now();
await importLab(page, realisticLab(interfaces));
console.log(`imported ${interfaces} interfaces in ${Date.now() - started} ms (diagram included)`);

const measures = (name) => page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);
const waitForMeasure = (name, count) =>
  page.waitForFunction(([n, c]) => performance.getEntriesByName(n).length >= c, [name, count], { timeout: 120_000 });

await page.getByRole("tab", { name: "Who can reach" }).click();
await waitForMeasure("reach-matrix", 1);
const summary = await page.getByTestId("reach-summary").textContent();
const cells = await page.locator(".reach-cell").count();
const tooBig = await page.getByTestId("reach-too-big").isVisible();
console.log(`summary: ${summary}`);
console.log(`grid: ${cells} cells drawn${tooBig ? " (too big: the counts and questions only)" : ""}`);

// Switches the Type in the page and waits until the counts name the new service:
// the whole update (network memo, build, counts, the DOM), by the page's clock.
const switchTo = (value, shown) =>
  page.evaluate(
    ([value, shown]) =>
      new Promise((resolve) => {
        const select = document.getElementById("reach-type");
        const summary = document.querySelector('[data-testid="reach-summary"]');
        const start = performance.now();
        select.value = value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        const check = () => (summary.isConnected && summary.textContent.startsWith(shown) ? resolve(performance.now() - start) : setTimeout(check, 0));
        check();
      }),
    [value, shown],
  );

const https = [];
const counts = [];
const updates = [];
for (let i = 0; i < runs; i++) {
  const before = (await measures("reach-matrix")).length;
  await switchTo("HTTP", "HTTP (TCP 80)");
  updates.push(await switchTo("HTTPS", "HTTPS (TCP 443)"));
  await waitForMeasure("reach-matrix", before + 2);
  await waitForMeasure("reach-counts", before + 2);
  const all = await measures("reach-matrix");
  const allCounts = await measures("reach-counts");
  https.push(all[all.length - 1]);
  counts.push(allCounts[allCounts.length - 1]);
  console.log(`run ${i + 1}: build ${https[i].toFixed(1)} ms, counts ${counts[i].toFixed(1)} ms, change to updated page ${updates[i].toFixed(1)} ms`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}`;
console.log(`ReachMatrix::build, TCP 443, ${interfaces} interfaces: median ${median(https).toFixed(1)} ms (${range(https)})`);
console.log(`counts over every pair: median ${median(counts).toFixed(1)} ms (${range(counts)})`);
console.log(`from the Type's change to the updated page: median ${median(updates).toFixed(1)} ms (${range(updates)})`);
const builds = (await measures("reach-matrix")).length;
console.log(`${builds} builds for ${2 * runs + 1} changes (opening the tab, then each Type)`);
if (errors.length) console.log(`browser errors: ${errors.join("; ")}`);
await close();
