// The chapter from the student's side: create the two groups through the forms,
// put them on the App Server and the database in place of the chapter's groups,
// fire the four connections, then replace the CIDR rule with a reference to
// our-learning-sg-https and see that nothing changes — until the reference has
// nothing to refer to.
import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { DiagramPage, APP_SERVER, DATABASE } from "../fixtures/diagram_page";
import type { LabPage } from "../fixtures/lab_page";

const APP_SERVER_SG = "sg-0a1b2c3d4e5f60002";

async function swapGroup(d: DiagramPage, resource: string, attach: string, detachName: string) {
  await d.select(resource);
  await d.details.getByLabel("Security group to attach").selectOption(attach);
  await d.details.getByRole("button", { name: "Attach security group" }).click();
  await expect(d.details.getByTestId(`attached-${attach}`)).toBeVisible();
  await d.details.getByRole("button", { name: `Detach ${detachName}` }).click();
  await expect(d.details.getByRole("button", { name: `Detach ${detachName}` })).toHaveCount(0);
}

async function verdicts(lab: LabPage): Promise<string[]> {
  const states = [];
  for (const number of [1, 2, 3, 4]) states.push(await lab.verdictState(number));
  return states;
}

test("the students' groups decide the four connections, and an SG reference decides them the same way", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  const d = new DiagramPage(lab.page);

  await groups.open();
  await groups.create(
    "our-learning-sg-https",
    "Allow HTTPS and HTTP",
    [
      { type: "HTTPS", sourceType: "Anywhere-IPv4" },
      { type: "HTTP", sourceType: "Anywhere-IPv4" },
    ],
    [
      ["Name", "our-learning-sg-https"],
      ["EducationOnly", "yes"],
    ],
  );
  await groups.backToList();
  await groups.create("our-learning-sg-mysql", "MySQL from the public subnet", [
    { type: "MYSQL/Aurora", source: "10.1.1.0/24" },
  ]);
  await groups.backToList();
  const httpsId = await groups.groupId("our-learning-sg-https");
  const mysqlId = await groups.groupId("our-learning-sg-mysql");
  expect(httpsId).not.toBe(APP_SERVER_SG);

  await swapGroup(d, APP_SERVER, httpsId, "app-server-sg");
  await swapGroup(d, DATABASE, mysqlId, "database-sg");
  await expect(d.node(APP_SERVER)).toContainText("our-learning-sg-https");
  await expect(d.node(DATABASE)).toContainText("our-learning-sg-mysql");

  await lab.page.getByRole("tab", { name: "Connections" }).click();
  for (const number of [1, 2, 3, 4]) await lab.fire(number);
  // New groups keep AWS's default outbound rule (all traffic), so the App Server may
  // now start connection 3, and the database connection 4: 0.0.0.0/0 on 443 covers
  // 10.1.2.15 too, which is the chapter's mistake about connection 4.
  expect(await verdicts(lab)).toEqual(["allowed", "allowed", "allowed", "allowed"]);
  for (const index of [0, 1, 2, 3]) {
    await expect(lab.arrow(index)).toHaveAttribute("data-state", "allowed");
    await expect(lab.arrow(index)).toHaveAttribute("data-heads", "2");
  }
  await expect(lab.summarySentence(2)).toContainText("Allowed: App Server (10.1.1.33) → MySQL database (10.1.2.15), TCP 3306");

  // Replace 10.1.1.0/24 with a reference to our-learning-sg-https, as the chapter does.
  await groups.open();
  await groups.openGroup("our-learning-sg-mysql");
  await groups.panel.getByRole("button", { name: "Edit inbound rules" }).click();
  await groups.addRule("inbound", 2, { type: "MYSQL/Aurora", source: httpsId, description: "MySQL" });
  await groups.field("Delete", "inbound", 1).click();
  await groups.panel.getByRole("button", { name: "Save rules" }).click();
  await expect(groups.rulesTable("inbound")).toContainText(`${httpsId} / our-learning-sg-https`);
  await expect(groups.rulesTable("inbound")).not.toContainText("10.1.1.0/24");

  // The listed connections were re-judged as the rules changed: the same verdicts,
  // and firing connection 2 again shows the reference as its deciding rule.
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  expect(await verdicts(lab)).toEqual(["allowed", "allowed", "allowed", "allowed"]);
  await lab.fire(2);
  await expect(lab.verdict(2)).toHaveAttribute("data-verdict", "allowed");
  await expect(lab.explanation).toContainText(httpsId);

  // The reference only admits interfaces that carry the group: take it off the App
  // Server and connection 2 stops at the database's inbound rules.
  await d.select(APP_SERVER);
  await d.details.getByLabel("Security group to attach").selectOption(APP_SERVER_SG);
  await d.details.getByRole("button", { name: "Attach security group" }).click();
  await d.details.getByRole("button", { name: "Detach our-learning-sg-https" }).click();
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.fire(2);
  await expect(lab.verdict(2)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.reasonCode(2)).toHaveText("ENI_SG_RULES_MISMATCH");
  await expect(lab.explanationSummary).toContainText("inbound");
});
