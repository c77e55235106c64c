import { test, expect } from "../fixtures/lab";
import { DiagramPage } from "../fixtures/diagram_page";
import { realisticLab } from "../bench/realistic_lab.mjs";

const APP_A = "subnet-00000000000000002";
// app-0000: the first server of the app tier, in app-a.
const APP_0000 = "i-000000000000000c8";

test("a resource found by its IP address is opened, selected, shown in Details and brought into view", async ({ lab }) => {
  test.setTimeout(120_000);
  await lab.goto();
  const d = new DiagramPage(lab.page);
  await d.importFile(realisticLab(1000));
  await expect(d.subnetToggle(APP_A)).toHaveAttribute("aria-expanded", "false");

  // Suggestions as one types, by name, with the address and kind.
  await d.find.fill("app-000");
  await expect(lab.page.locator("#diagram-find-list option").first()).toHaveText("app-0000 · 10.0.8.10 · EC2 instance");

  await d.find.fill("10.0.8.10");
  await d.find.press("Enter");
  const node = d.node(APP_0000);
  await expect(node).toHaveClass(/selected/);
  await expect(d.subnetToggle(APP_A)).toHaveAttribute("aria-expanded", "true");
  await expect(d.details).toContainText("app-0000");
  await expect(d.details).toContainText("10.0.8.10");
  await expect(lab.page.getByTestId("zoom-level")).toHaveText("100%");

  // In view: the node's icon inside the canvas, not under the toolbar.
  const canvas = (await lab.page.locator("svg.diagram").boundingBox())!;
  const toolbar = (await lab.page.getByRole("toolbar", { name: "Diagram" }).boundingBox())!;
  const icon = (await node.locator(".icon").boundingBox())!;
  expect(icon.x).toBeGreaterThan(canvas.x);
  expect(icon.x + icon.width).toBeLessThan(canvas.x + canvas.width);
  expect(icon.y).toBeGreaterThan(toolbar.y + toolbar.height);
  expect(icon.y + icon.height).toBeLessThan(canvas.y + canvas.height);

  // Nothing found is said, and nothing else changes.
  await d.find.fill("10.9.9.9");
  await d.find.press("Enter");
  await expect(lab.page.getByTestId("diagram-find-status")).toHaveText("No resource matches “10.9.9.9”");
  await expect(d.find).toHaveAttribute("aria-invalid", "true");
  await expect(node).toHaveClass(/selected/);
});
