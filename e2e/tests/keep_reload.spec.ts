import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { DiagramPage, APP_SERVER } from "../fixtures/diagram_page";
import { KeepPage } from "../fixtures/keep_page";

test("a reload keeps the lab: a created group and a moved resource are still there", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  const diagram = new DiagramPage(lab.page);
  await groups.open();
  await groups.create("kept-after-reload", "Survives a reload", [{ type: "HTTPS", sourceType: "Anywhere-IPv4" }]);
  const node = diagram.node(APP_SERVER);
  const before = await diagram.position(node);
  await diagram.drag(node, 60, 30);
  await expect.poll(async () => (await diagram.position(node)).x).toBeGreaterThan(before.x + 10);
  const moved = await diagram.position(node);
  expect((await new KeepPage(lab.page).saved())?.SgLabSave?.Version).toBe(2);

  await lab.page.reload();
  await lab.title.waitFor();
  expect(await diagram.position(diagram.node(APP_SERVER))).toEqual(moved);
  await groups.open();
  await expect(groups.row("kept-after-reload")).toBeVisible();
  expect(await groups.ruleCounts("kept-after-reload")).toEqual(["1", "1"]);
});
