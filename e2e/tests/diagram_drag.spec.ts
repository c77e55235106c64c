import { test, expect } from "../fixtures/lab";
import { DiagramPage, APP_SERVER, PUBLIC_SUBNET } from "../fixtures/diagram_page";

test("dragging a resource moves it and keeps it inside its subnet", async ({ lab }) => {
  await lab.goto();
  const d = new DiagramPage(lab.page);
  const node = d.node(APP_SERVER);
  const before = await d.position(node);
  await d.drag(node, 60, 20);
  await expect.poll(async () => (await d.position(node)).x).toBeGreaterThan(before.x + 10);
  // Far outside the subnet: it stops at the subnet's edge.
  await d.drag(node, 2000, 2000);
  const subnet = await d.subnet(PUBLIC_SUBNET).locator(".subnet-box").boundingBox();
  const icon = await node.locator(".icon").boundingBox();
  expect(subnet && icon).toBeTruthy();
  if (subnet && icon) {
    expect(icon.x + icon.width / 2).toBeLessThan(subnet.x + subnet.width);
    expect(icon.y + icon.height / 2).toBeLessThan(subnet.y + subnet.height);
  }
});
