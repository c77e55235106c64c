// Lesson 1 from the student's side: every step done the way the lesson says, through
// the real forms (Create security group, Edit rules, the Details tab's attach and
// detach, delete from the list) and the Connections tab, each step turning done as
// the lab comes to pass its checks and the connections it asks for are fired, until
// the lesson is complete.
import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { DiagramPage, APP_SERVER, DATABASE } from "../fixtures/diagram_page";
import { LessonsPage } from "../fixtures/lessons_page";
import type { LabPage } from "../fixtures/lab_page";

const APP_SERVER_SG = "sg-0a1b2c3d4e5f60002";
const DATABASE_SG = "sg-0a1b2c3d4e5f60003";

async function attach(d: DiagramPage, resource: string, group: string) {
  await d.select(resource);
  await d.details.getByLabel("Security group to attach").selectOption(group);
  await d.details.getByRole("button", { name: "Attach security group" }).click();
  await expect(d.details.getByTestId(`attached-${group}`)).toBeVisible();
}

async function detach(d: DiagramPage, resource: string, name: string) {
  await d.select(resource);
  await d.details.getByRole("button", { name: `Detach ${name}` }).click();
  await expect(d.details.getByRole("button", { name: `Detach ${name}` })).toHaveCount(0);
}

async function fire(lab: LabPage, number: number, expected: "allowed" | "denied") {
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.fire(number);
  await expect(lab.verdict(number)).toHaveAttribute("data-verdict", expected);
}

test("lesson 1 is done step by step through the forms, and completes", async ({ lab }) => {
  test.setTimeout(180_000);
  await lab.goto();
  const lessons = new LessonsPage(lab.page);
  const groups = new GroupsPage(lab.page);
  const d = new DiagramPage(lab.page);

  await lessons.open();
  await expect(lessons.card("01-security-groups")).toContainText("Not started");
  await lessons.start("01-security-groups", "Lesson 1: Security groups");
  await lessons.expectProgress(0, 9);
  await lessons.expectStep("what-is-a-security-group", "current");
  await lessons.expectStep("four-connections", "upcoming");

  // 1: a step to read. 2-3: done by firing what they ask to fire, not by Next step.
  await lessons.nextStep("what-is-a-security-group");
  await fire(lab, 1, "allowed");
  await fire(lab, 2, "allowed");
  await fire(lab, 3, "denied");
  await lessons.open();
  await lessons.expectStep("four-connections", "done");
  await lessons.expectStep("connection-4", "current");
  await fire(lab, 4, "denied");
  await expect(lab.reasonCode(4)).toHaveText("SG_HAS_NO_RULES");
  await lessons.open();
  await lessons.expectStep("connection-4", "done");
  await lessons.expectProgress(3, 9);

  // 4: our-learning-sg-https. Nothing passes yet; the student asks for help and what is wrong.
  const https = "create-https-group";
  await lessons.expectStep(https, "current");
  await expect(lessons.checks(https)).toHaveCount(5);
  await expect(lessons.step(https).locator('[data-testid="check"][data-passed="true"]')).toHaveCount(0);
  await expect(lessons.problems(https)).toHaveCount(0);
  await lessons.checkMyWork(https);
  await expect(lessons.problems(https).first()).toContainText("our-learning-sg-https");
  await lessons.help(https);
  await expect(lessons.hints(https)).toHaveCount(1);
  // The first failing check with hints is the inbound rules': its hint comes first.
  await expect(lessons.hints(https).first()).toContainText("pick HTTPS in the Type list");
  await expect(lessons.step(https).getByTestId("help")).toHaveText("More help (2 left)");

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
  const httpsId = await groups.groupId("our-learning-sg-https");
  await lessons.open();
  await lessons.expectStep(https, "done");
  await expect(lessons.announcement).toContainText("Step 4 done: Create our-learning-sg-https");
  await lessons.expectProgress(4, 9);

  // 5: our-learning-sg-mysql, forgetting the tags first: the step waits for them.
  const mysql = "create-mysql-group";
  await lessons.expectStep(mysql, "current");
  await groups.open();
  await groups.create("our-learning-sg-mysql", "MySQL from the public subnet", [
    { type: "MYSQL/Aurora", source: "10.1.1.0/24" },
  ]);
  await groups.backToList();
  await lessons.open();
  await lessons.expectStep(mysql, "current");
  await expect(lessons.step(mysql).locator('[data-testid="check"][data-passed="true"]')).toHaveCount(2);
  await lessons.checkMyWork(mysql);
  await expect(lessons.problems(mysql)).toHaveCount(1);
  await expect(lessons.problems(mysql)).toContainText("the tag Name = our-learning-sg-mysql is missing");
  await groups.open();
  await groups.openGroup("our-learning-sg-mysql");
  await groups.panel.getByRole("button", { name: "Manage tags" }).click();
  await groups.addTag(1, "Name", "our-learning-sg-mysql");
  await groups.addTag(2, "EducationOnly", "yes");
  await groups.panel.getByRole("button", { name: "Save changes" }).click();
  await groups.backToList();
  const mysqlId = await groups.groupId("our-learning-sg-mysql");
  await lessons.open();
  await lessons.expectStep(mysql, "done");

  // 6: attach the groups in the Details tab.
  await attach(d, APP_SERVER, httpsId);
  await attach(d, DATABASE, mysqlId);
  await detach(d, DATABASE, "database-sg");
  await fire(lab, 2, "allowed");
  await fire(lab, 4, "allowed");
  await lessons.open();
  await lessons.expectStep("attach-groups", "done");

  // 7: a rule that references our-learning-sg-https in place of the CIDR rule.
  await groups.open();
  await groups.openGroup("our-learning-sg-mysql");
  await groups.panel.getByRole("button", { name: "Edit inbound rules" }).click();
  await groups.addRule("inbound", 2, { type: "MYSQL/Aurora", source: httpsId, description: "MySQL" });
  await groups.field("Delete", "inbound", 1).click();
  await groups.panel.getByRole("button", { name: "Save rules" }).click();
  await expect(groups.rulesTable("inbound")).not.toContainText("10.1.1.0/24");
  await groups.backToList();
  await fire(lab, 2, "allowed");
  await lessons.open();
  await lessons.expectStep("reference-a-group", "done");

  // 8: no more outbound rules on either group.
  for (const name of ["our-learning-sg-https", "our-learning-sg-mysql"]) {
    await groups.open();
    await groups.openGroup(name);
    await groups.panel.getByRole("button", { name: "Edit outbound rules" }).click();
    await groups.field("Delete", "outbound", 1).click();
    await groups.panel.getByRole("button", { name: "Save rules" }).click();
    await expect(groups.panel.getByRole("heading", { name: "Outbound rules (0)" })).toBeVisible();
    await groups.backToList();
  }
  await fire(lab, 1, "allowed");
  await fire(lab, 2, "allowed");
  await fire(lab, 3, "denied");
  await fire(lab, 4, "denied");
  await lessons.open();
  await lessons.expectStep("stateful-replies", "done");

  // 9: delete the groups, which AWS refuses while anything depends on them.
  await groups.open();
  await groups.deleteFromList("our-learning-sg-https");
  await expect(groups.error).toContainText("DependencyViolation");
  await groups.panel.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await attach(d, DATABASE, DATABASE_SG);
  await detach(d, DATABASE, "our-learning-sg-mysql");
  await detach(d, APP_SERVER, "our-learning-sg-https");
  await expect(d.node(APP_SERVER)).toContainText("app-server-sg");
  await groups.open();
  await groups.deleteFromList("our-learning-sg-mysql");
  await expect(groups.row("our-learning-sg-mysql")).toHaveCount(0);
  await groups.deleteFromList("our-learning-sg-https");
  await expect(groups.row("our-learning-sg-https")).toHaveCount(0);
  await lessons.open();
  await lessons.expectStep("delete-groups", "current");
  await fire(lab, 2, "allowed");

  await lessons.open();
  await lessons.expectStep("delete-groups", "done");
  // The earlier steps stay done, though their groups are gone.
  for (const id of [https, mysql, "attach-groups", "reference-a-group", "stateful-replies"]) {
    await lessons.expectStep(id, "done");
  }
  await lessons.expectProgress(9, 9);
  await expect(lessons.complete).toContainText("Lesson complete");
  await expect(lessons.complete.getByRole("button", { name: "Next: Lesson 2: Network ACLs" })).toBeVisible();
  expect(APP_SERVER_SG).not.toBe(httpsId);
});
