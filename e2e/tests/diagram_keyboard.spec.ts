import { test, expect } from "../fixtures/lab";
import { DiagramPage, DATABASE } from "../fixtures/diagram_page";

test("a node is selected with Enter and moved with the arrow keys", async ({ lab }) => {
  await lab.goto();
  const d = new DiagramPage(lab.page);
  const node = d.node(DATABASE);
  await node.focus();
  await lab.page.keyboard.press("Enter");
  await expect(node).toHaveAttribute("aria-pressed", "true");
  await expect(d.details).toContainText("RDS database");
  const before = await d.position(node);
  await lab.page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await d.position(node)).x).toBeCloseTo(before.x + 10, 0);
});
