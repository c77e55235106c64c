import { test, expect } from "../fixtures/lab";
import { DiagramPage, APP_SERVER } from "../fixtures/diagram_page";

test("Escape during a drag puts the resource back", async ({ lab }) => {
  await lab.goto();
  const d = new DiagramPage(lab.page);
  const node = d.node(APP_SERVER);
  const before = await d.position(node);
  const box = await node.locator(".icon").boundingBox();
  if (!box) throw new Error("node not visible");
  await lab.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await lab.page.mouse.down();
  await lab.page.mouse.move(box.x + 60, box.y + 30, { steps: 4 });
  await expect.poll(async () => (await d.position(node)).x).not.toBe(before.x);
  await lab.page.keyboard.press("Escape");
  await lab.page.mouse.up();
  await expect.poll(async () => d.position(node)).toEqual(before);
});
