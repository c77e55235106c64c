// A resource's ring and labels stay inside its subnet wherever it is dragged and
// however many groups it has: measured on screen against the subnet's box.
import { test, expect } from "../fixtures/lab";
import { DiagramPage, APP_SERVER, PUBLIC_SUBNET } from "../fixtures/diagram_page";
import type { Locator } from "@playwright/test";

test.use({ viewport: { width: 1280, height: 800 } });

/** The parts of a node (ring, icon, words, badges) that reach out of the subnet's box. */
async function outside(node: Locator, subnet: Locator): Promise<string[]> {
  const frame = await subnet.locator(".subnet-box").boundingBox();
  if (!frame) throw new Error("no subnet box");
  return node.evaluate((n, f) => {
    const parts = Array.from(n.querySelectorAll(".sg-ring, .icon, text, .sg-badge rect"));
    return parts
      .map((p) => ({ what: p.textContent || p.getAttribute("class") || p.tagName, r: p.getBoundingClientRect() }))
      .filter(({ r }) => r.left < f.x || r.top < f.y || r.right > f.x + f.width || r.bottom > f.y + f.height)
      .map(({ what }) => what);
  }, frame);
}

test("dragged to any corner of its subnet, with a second group, a resource's labels stay inside", async ({ lab }) => {
  await lab.goto();
  const d = new DiagramPage(lab.page);
  await d.select(APP_SERVER);
  await d.details.getByLabel("Security group to attach").selectOption("sg-0a1b2c3d4e5f60003");
  await d.details.getByRole("button", { name: "Attach security group" }).click();
  await expect(d.node(APP_SERVER)).toContainText("database-sg");
  const node = d.node(APP_SERVER);
  const subnet = d.subnet(PUBLIC_SUBNET);
  expect(await outside(node, subnet)).toEqual([]);
  for (const [dx, dy] of [
    [600, 600],
    [-600, -600],
    [600, -600],
    [-600, 600],
  ]) {
    await d.drag(node, dx, dy);
    expect(await outside(node, subnet), `after a drag by ${dx},${dy}`).toEqual([]);
  }
});
