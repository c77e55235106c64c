import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";

test("the chapter's two groups are created through the form and listed with their rule counts", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();

  await groups.create(
    "our-learning-sg-https",
    "Allow HTTPS and HTTP from anywhere",
    [
      { type: "HTTPS", sourceType: "Anywhere-IPv4" },
      { type: "HTTP", sourceType: "Anywhere-IPv4" },
    ],
    [
      ["Name", "our-learning-sg-https"],
      ["EducationOnly", "yes"],
    ],
  );
  const inbound = groups.rulesTable("inbound");
  await expect(inbound.getByRole("row")).toHaveCount(3);
  await expect(inbound).toContainText("HTTPS");
  await expect(inbound).toContainText("443");
  await expect(inbound).toContainText("0.0.0.0/0");
  await expect(groups.rulesTable("outbound")).toContainText("All traffic");
  const tags = groups.panel.getByRole("region", { name: "Tags" });
  await expect(tags).toContainText("EducationOnly");
  await expect(tags).toContainText("yes");

  await groups.backToList();
  await groups.create("our-learning-sg-mysql", "MySQL from the public subnet", [
    { type: "MYSQL/Aurora", source: "10.1.1.0/24" },
  ]);
  await expect(groups.rulesTable("inbound")).toContainText("10.1.1.0/24");

  await groups.backToList();
  expect(await groups.ruleCounts("our-learning-sg-https")).toEqual(["2", "1"]);
  expect(await groups.ruleCounts("our-learning-sg-mysql")).toEqual(["1", "1"]);
});
