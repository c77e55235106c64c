import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";

test("an invalid CIDR is refused next to its Source and every typed row is kept", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.startCreate("our-learning-sg-mysql", "MySQL from the public subnet");
  await groups.addRule("inbound", 1, { type: "Custom TCP", portRange: "8080-8090", source: "10.1.1.0/24" });
  await groups.addRule("inbound", 2, { type: "MYSQL/Aurora", source: "10.1.300.0/24", description: "App servers" });
  await groups.addTag(1, "Name", "our-learning-sg-mysql");
  await groups.submitCreate();

  const source = groups.field("Source", "inbound", 2);
  await expect(source).toHaveAttribute("aria-invalid", "true");
  await expect(source).toHaveAccessibleDescription(/Enter a valid CIDR block/);

  // Nothing typed is lost.
  await expect(source).toHaveValue("10.1.300.0/24");
  await expect(groups.field("Port range", "inbound", 1)).toHaveValue("8080-8090");
  await expect(groups.field("Description - optional", "inbound", 2)).toHaveValue("App servers");
  await expect(groups.field("Type", "inbound", 2)).toHaveValue("MYSQL/Aurora");
  await expect(groups.panel.getByLabel("Key, tag 1", { exact: true })).toHaveValue("Name");

  // Corrected, it is created.
  await source.fill("10.1.1.0/24");
  await groups.field("Source", "inbound", 1).fill("10.1.2.0/24");
  await groups.submitCreate();
  await expect(groups.heading).toContainText("our-learning-sg-mysql");
  await expect(groups.rulesTable("inbound").getByRole("row")).toHaveCount(3);
});
