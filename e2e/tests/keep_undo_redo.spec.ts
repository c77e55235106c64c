import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { DiagramPage, APP_SERVER, DATABASE } from "../fixtures/diagram_page";
import { KeepPage } from "../fixtures/keep_page";

test("undo and redo step through a whole drag and a whole form, one gesture each", async ({ lab }) => {
  await lab.goto();
  const keep = new KeepPage(lab.page);
  const diagram = new DiagramPage(lab.page);
  const groups = new GroupsPage(lab.page);
  await expect(keep.undoButton).toBeDisabled();

  const node = diagram.node(APP_SERVER);
  const start = await diagram.position(node);
  await diagram.drag(node, 80, 30);
  await expect.poll(async () => (await diagram.position(node)).x).toBeGreaterThan(start.x + 10);
  const moved = await diagram.position(node);

  await groups.open();
  await groups.create("undone-and-redone", "Two rules, one step", [
    { type: "HTTPS", sourceType: "Anywhere-IPv4" },
    { type: "HTTP", sourceType: "Anywhere-IPv4" },
  ]);
  await groups.backToList();

  // The form was one step: one undo removes the group with both its rules.
  await keep.undo();
  await expect(groups.row("undone-and-redone")).toHaveCount(0);
  expect(await diagram.position(node)).toEqual(moved);
  // The drag was one step, however many pointer moves it had.
  await keep.undo();
  expect(await diagram.position(node)).toEqual(start);
  await expect(keep.undoButton).toBeDisabled();

  // Selecting something is not a change: the redo stack survives it.
  await diagram.select(DATABASE);
  await expect(keep.redoButton).toBeEnabled();

  await keep.redo();
  expect(await diagram.position(node)).toEqual(moved);
  // The keyboard: Ctrl+Shift+Z redoes, Ctrl+Z undoes.
  await lab.page.locator("body").click({ position: { x: 5, y: 300 } });
  await lab.page.keyboard.press("Control+Shift+Z");
  await groups.open();
  await expect(groups.row("undone-and-redone")).toBeVisible();
  expect(await groups.ruleCounts("undone-and-redone")).toEqual(["2", "1"]);
  await expect(keep.redoButton).toBeDisabled();
  await lab.page.getByRole("tab", { name: "Security groups" }).focus();
  await lab.page.keyboard.press("Control+Z");
  await expect(groups.row("undone-and-redone")).toHaveCount(0);
});

test("Ctrl+Z in a text field belongs to the field, not to the lab", async ({ lab }) => {
  await lab.goto();
  const keep = new KeepPage(lab.page);
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.create("stays-put", "Made before typing", []);
  await groups.backToList();
  await groups.panel.getByRole("button", { name: "Create security group" }).click();
  const name = groups.panel.getByLabel("Security group name", { exact: true });
  await name.fill("typing");
  await name.press("Control+Z");
  await expect(keep.undoButton).toBeEnabled();
  await groups.panel.getByRole("button", { name: "Cancel" }).click();
  await expect(groups.row("stays-put")).toBeVisible();
});
