import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { ReachPage } from "../fixtures/reach_page";

test("the matrix follows security group edits, undo included", async ({ lab }) => {
  await lab.goto();
  const reach = new ReachPage(lab.page);
  await reach.open();
  await expect(reach.cell("Web browser", "App Server")).toHaveAttribute("data-state", "allowed");
  await expect(reach.summary).toContainText("2 allowed");

  // Delete the App Server's HTTPS inbound rule, as in the console.
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.openGroup("app-server-sg");
  await groups.panel.getByRole("button", { name: "Edit inbound rules" }).click();
  await groups.field("Delete", "inbound", 1).click();
  await groups.panel.getByRole("button", { name: "Save rules" }).click();
  await expect(groups.panel).not.toContainText("sgr-0a1b2c3d4e5f60003");

  await reach.open();
  await expect(reach.cell("Web browser", "App Server")).toHaveAccessibleName(
    "Web browser → App Server: blocked (SG_HAS_NO_RULES at eni-0a1b2c3d4e5f60001)",
  );
  await expect(reach.summary).toContainText("0 allowed");

  // Undo while the tab is open: the cell turns back without leaving it.
  await lab.page.getByRole("button", { name: "Undo" }).click();
  await expect(reach.cell("Web browser", "App Server")).toHaveAccessibleName("Web browser → App Server: allowed");
  await expect(reach.summary).toContainText("2 allowed");
});
