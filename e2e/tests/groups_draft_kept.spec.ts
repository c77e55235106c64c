import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";

test("a half-filled Create security group form survives a visit to another tab, until cancelled", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.startCreate("our-learning-sg-https", "Allow HTTPS");
  await groups.addRule("inbound", 1, { type: "Custom TCP", portRange: "8443", source: "10.1.1.0/24" });
  await groups.addTag(1, "EducationOnly", "yes");

  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.page.getByRole("tab", { name: "Security groups" }).click();

  await expect(groups.panel.getByLabel("Security group name", { exact: true })).toHaveValue("our-learning-sg-https");
  await expect(groups.field("Port range", "inbound", 1)).toHaveValue("8443");
  await expect(groups.field("Source", "inbound", 1)).toHaveValue("10.1.1.0/24");
  await expect(groups.panel.getByLabel("Value, tag 1", { exact: true })).toHaveValue("yes");
  // New rows still get their own keys after the form came back.
  await groups.addRule("inbound", 2, { type: "HTTPS", sourceType: "Anywhere-IPv4" });
  await expect(groups.rules("inbound")).toHaveCount(2);

  await groups.panel.getByRole("button", { name: "Cancel" }).click();
  await groups.panel.getByRole("button", { name: "Create security group" }).click();
  await expect(groups.panel.getByLabel("Security group name", { exact: true })).toHaveValue("");
  await expect(groups.rules("inbound")).toHaveCount(0);
  await expect(groups.rules("outbound")).toHaveCount(1);
});
