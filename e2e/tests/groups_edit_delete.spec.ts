import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";

test("mysql's rules are edited to reference the https group, which then cannot be deleted until mysql is", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.create("our-learning-sg-https", "Allow HTTPS and HTTP", [
    { type: "HTTPS", sourceType: "Anywhere-IPv4" },
    { type: "HTTP", sourceType: "Anywhere-IPv4" },
  ]);
  await groups.backToList();
  await groups.create("our-learning-sg-mysql", "MySQL from the public subnet", [
    { type: "MYSQL/Aurora", source: "10.1.1.0/24" },
  ]);
  await groups.backToList();
  const httpsId = await groups.groupId("our-learning-sg-https");
  expect(httpsId).toMatch(/^sg-/);

  await groups.openGroup("our-learning-sg-mysql");
  await groups.panel.getByRole("button", { name: "Edit inbound rules" }).click();
  await expect(groups.field("Source", "inbound", 1)).toHaveValue("10.1.1.0/24");
  await groups.addRule("inbound", 2, { type: "MYSQL/Aurora", source: httpsId, description: "MySQL" });
  await groups.field("Delete", "inbound", 1).click();
  await expect(groups.rules("inbound")).toHaveCount(1);
  await groups.panel.getByRole("button", { name: "Save rules" }).click();

  const inbound = groups.rulesTable("inbound");
  await expect(inbound.getByRole("row")).toHaveCount(2);
  await expect(inbound).toContainText(`${httpsId} / our-learning-sg-https`);
  await expect(inbound).not.toContainText("10.1.1.0/24");

  await groups.backToList();
  await groups.deleteFromList("our-learning-sg-https");
  await expect(groups.error).toContainText("DependencyViolation");
  await expect(groups.error).toContainText("our-learning-sg-mysql");
  await groups.panel.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();

  await groups.deleteFromList("our-learning-sg-mysql");
  await expect(groups.row("our-learning-sg-mysql")).toHaveCount(0);
  await groups.deleteFromList("our-learning-sg-https");
  await expect(groups.row("our-learning-sg-https")).toHaveCount(0);
  await expect(groups.list.getByRole("row")).toHaveCount(4);
});

test("the default group cannot be deleted", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.deleteFromList("default");
  await expect(groups.error).toContainText("CannotDelete");
});
