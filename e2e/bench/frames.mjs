// Frame budgets with a large lab on the diagram, in headless Chromium:
//
//   ./lab build && node e2e/bench/frames.mjs [dist] [interfaces] [connections] [runs] [zoomed]
//
// At the zoom that fits the whole lab (the default) nodes are drawn as icons; with
// `zoomed`, at 100% on one resource, every node has its labels.
//
// 1. A rule edit: Save rules on "Edit inbound rules" (one rule deleted), which
//    re-judges every fired connection and redraws the diagram, the arrows and the
//    panels; then Undo, which does the same the other way. Timed by the page's clock
//    from the click to the moment the page has handled it (every reactive update run),
//    to the start of the next frame, and to that frame drawn (its style, layout and
//    paint done).
// 2. A drag of one resource across its subnet: frames drawn per second while the
//    pointer moves, and the longest gap between two frames.
// The lab (default 500 interfaces, each its own resource) is AWS JSON from
// realistic_lab.mjs, imported through the Import dialog as a person would.
import { fileURLToPath } from "node:url";
import { start, openLab, importLab } from "./browser.mjs";
import { realisticLab } from "./realistic_lab.mjs";

const dist = process.argv[2] ?? fileURLToPath(new URL("../../dist", import.meta.url));
const interfaces = Number(process.argv[3] ?? 500);
const connections = Number(process.argv[4] ?? 20);
const runs = Number(process.argv[5] ?? 10);
const zoomed = process.argv[6] === "zoomed";

const { browser, server, close } = await start(dist);
const { page, errors } = await openLab(browser, server.url);
await importLab(page, realisticLab(interfaces));
// Crowded subnets start collapsed; open them all, so every resource is drawn.
const collapsed = page.locator('svg.diagram [aria-expanded="false"]');
while ((await collapsed.count()) > 0) await collapsed.first().dispatchEvent("click");
await page.getByRole("button", { name: "Fit to view" }).click();
if (zoomed) {
  // Zoomed to 100% on one resource, as "Find a resource" leaves it: every node is drawn
  // with its name, addresses and badges (most of them off screen).
  await page.getByPlaceholder("Find a resource").fill("web-0000");
  await page.getByPlaceholder("Find a resource").press("Enter");
  await page.getByRole("tab", { name: "Connections" }).click();
}
const nodes = await page.locator('[data-testid^="node-"]').count();
const elements = await page.evaluate(() => document.querySelectorAll("svg.diagram *").length);
const zoom = await page.getByTestId("zoom-level").textContent();
console.log(`imported ${interfaces} interfaces: ${nodes} resources on the diagram, ${elements} SVG elements at ${zoom}`);

// Fire connections from the form: the first source to each of the first destinations.
const destination = page.getByLabel("Destination", { exact: true });
const options = await destination.locator("option").count();
for (let i = 0; i < connections; i++) {
  await destination.selectOption({ index: 1 + (i % (options - 2)) });
  await page.getByTestId("fire-submit").click();
}
const fired = await page.locator('[data-testid="fired-list"] li[data-testid^="fired-"]').count();
console.log(`${fired} fired connections, judged again on every change`);

// Times one click by the page's clock: until handled, and until the next frame starts.
const timeClick = (selector, text) =>
  page.evaluate(
    ([selector, text]) =>
      new Promise((resolve) => {
        const button = [...document.querySelectorAll(selector)].find((b) => b.textContent.trim() === text);
        const start = performance.now();
        button.click();
        setTimeout(() => {
          const handled = performance.now() - start;
          requestAnimationFrame(() => {
            const frame = performance.now() - start;
            // A task queued from a frame callback runs once that frame's style, layout
            // and paint are done: the change is on screen.
            setTimeout(() => resolve({ handled, frame, drawn: performance.now() - start }), 0);
          });
        }, 0);
      }),
    [selector, text],
  );

await page.getByRole("tab", { name: "Security groups" }).click();
const base = page.getByRole("table", { name: "Security groups" }).getByRole("button", { name: "base", exact: true });
await base.click();
const edits = [];
const undos = [];
for (let i = 0; i < runs; i++) {
  await page.getByRole("button", { name: "Edit inbound rules" }).click();
  await page.getByRole("button", { name: "Delete, inbound rule 1", exact: true }).click();
  edits.push(await timeClick("button", "Save rules"));
  await page.getByRole("heading", { level: 2, name: /base/ }).waitFor();
  undos.push(await timeClick('button[data-testid="undo"]', ""));
  console.log(`run ${i + 1}: save rules ${edits[i].handled.toFixed(1)} ms (drawn ${edits[i].drawn.toFixed(1)}), undo ${undos[i].handled.toFixed(1)} ms (drawn ${undos[i].drawn.toFixed(1)})`);
}

// A drag: frames per second while the pointer moves.
const node = page.locator('[data-testid^="node-"] .icon').first();
const box = await node.boundingBox();
const x = box.x + box.width / 2;
const y = box.y + box.height / 2;
await page.evaluate(() => {
  window.__frames = [];
  const tick = (t) => {
    window.__frames.push(t);
    if (window.__frames.length < 100000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
await page.mouse.move(x, y);
await page.mouse.down();
const moves = 120;
const dragStart = await page.evaluate(() => performance.now());
for (let i = 1; i <= moves; i++) await page.mouse.move(x + (i % 40) * 2, y + (i % 20));
const dragEnd = await page.evaluate(() => performance.now());
await page.mouse.up();
const frames = await page.evaluate(([a, b]) => window.__frames.filter((t) => t >= a && t <= b), [dragStart, dragEnd]);
const gaps = frames.slice(1).map((t, i) => t - frames[i]);
const seconds = (dragEnd - dragStart) / 1000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);
console.log(`save rules (re-judge ${fired} connections, redraw ${nodes} resources): handled median ${median(edits.map((e) => e.handled)).toFixed(1)} ms, max ${max(edits.map((e) => e.handled)).toFixed(1)}; next frame median ${median(edits.map((e) => e.frame)).toFixed(1)} ms; drawn median ${median(edits.map((e) => e.drawn)).toFixed(1)} ms`);
console.log(`undo: handled median ${median(undos.map((e) => e.handled)).toFixed(1)} ms, max ${max(undos.map((e) => e.handled)).toFixed(1)}; next frame median ${median(undos.map((e) => e.frame)).toFixed(1)} ms; drawn median ${median(undos.map((e) => e.drawn)).toFixed(1)} ms`);
console.log(`drag: ${moves} pointer moves in ${(seconds * 1000).toFixed(0)} ms, ${(frames.length / seconds).toFixed(1)} frames per second, longest gap between frames ${max(gaps).toFixed(1)} ms`);
if (errors.length) console.log(`browser errors: ${errors.join("; ")}`);
await close();
