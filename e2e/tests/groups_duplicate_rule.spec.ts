import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";

test("a duplicate rule is refused with its message and nothing is created", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.startCreate("our-learning-sg-https", "Allow HTTPS");
  await groups.addRule("inbound", 1, { type: "HTTPS", sourceType: "Anywhere-IPv4" });
  await groups.addRule("inbound", 2, { type: "HTTPS", sourceType: "Anywhere-IPv4" });
  await groups.submitCreate();

  const second = groups.rules("inbound").nth(1);
  await expect(second.getByRole("alert")).toContainText("The same permission must not appear multiple times");
  await expect(groups.rules("inbound")).toHaveCount(2);
  await expect(groups.panel.getByLabel("Security group name", { exact: true })).toHaveValue("our-learning-sg-https");

  await groups.panel.getByRole("button", { name: "Cancel" }).click();
  await expect(groups.row("our-learning-sg-https")).toHaveCount(0);
});

test("a rule that exists already is refused when editing rules", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.openGroup("app-server-sg");
  await groups.panel.getByRole("button", { name: "Edit inbound rules" }).click();
  const existing = await groups.rules("inbound").count();
  await groups.addRule("inbound", existing + 1, { type: "HTTPS", sourceType: "Anywhere-IPv4" });
  await groups.panel.getByRole("button", { name: "Save rules" }).click();
  await expect(groups.rules("inbound").nth(existing).getByRole("alert")).toContainText(
    /InvalidPermission\.Duplicate.*already exists/,
  );
  await expect(groups.rules("inbound")).toHaveCount(existing + 1);
});
