// "Fire connection 4 again" asks for a firing after the change: Lesson 1's step 6 is
// not done by the groups attached alone, nor by connection 4 fired before they were
// (denied then); firing it again once they are (allowed now) does it. And the
// connections a step asks for must be fired since it began: one fired in the step
// before does not count.
import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { DiagramPage, APP_SERVER, DATABASE } from "../fixtures/diagram_page";
import { LessonsPage } from "../fixtures/lessons_page";
import type { LabPage } from "../fixtures/lab_page";

async function fire(lab: LabPage, number: number, expected: "allowed" | "denied") {
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.fire(number);
  await expect(lab.verdict(number)).toHaveAttribute("data-verdict", expected);
}

test("a step that says fire connection 4 again is done only by firing it after the change", async ({ lab }) => {
  test.setTimeout(120_000);
  await lab.goto();
  const lessons = new LessonsPage(lab.page);
  const groups = new GroupsPage(lab.page);
  const d = new DiagramPage(lab.page);
  await lessons.open();
  await lessons.start("01-security-groups", "Lesson 1: Security groups");
  await lessons.nextStep("what-is-a-security-group");

  // Connection 4 fired during step 2 does not do step 3, which had not begun.
  await fire(lab, 4, "denied");
  for (const n of [1, 2]) await fire(lab, n, "allowed");
  await fire(lab, 3, "denied");
  await lessons.open();
  await lessons.expectStep("four-connections", "done");
  await lessons.expectStep("connection-4", "current");
  await expect(lessons.checks("connection-4")).toHaveAttribute("data-passed", "false");
  await lessons.checkMyWork("connection-4");
  await expect(lessons.problems("connection-4")).toContainText("has not been fired since this step began");
  await fire(lab, 4, "denied");
  await lessons.open();
  await lessons.expectStep("connection-4", "done");

  // Steps 4 and 5: the two groups.
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
  await groups.create(
    "our-learning-sg-mysql",
    "MySQL from the public subnet",
    [{ type: "MYSQL/Aurora", source: "10.1.1.0/24" }],
    [
      ["Name", "our-learning-sg-mysql"],
      ["EducationOnly", "yes"],
    ],
  );
  await groups.backToList();
  const httpsId = await groups.groupId("our-learning-sg-https");
  const mysqlId = await groups.groupId("our-learning-sg-mysql");
  await lessons.open();
  await lessons.expectStep("create-mysql-group", "done");
  const step = "attach-groups";
  await lessons.expectStep(step, "current");

  // Step 6: connections 2 and 4 fired before the change; 4 is still denied then.
  await fire(lab, 2, "allowed");
  await fire(lab, 4, "denied");
  for (const [resource, group] of [
    [APP_SERVER, httpsId],
    [DATABASE, mysqlId],
  ]) {
    await d.select(resource);
    await d.details.getByLabel("Security group to attach").selectOption(group);
    await d.details.getByRole("button", { name: "Attach security group" }).click();
    await expect(d.details.getByTestId(`attached-${group}`)).toBeVisible();
  }
  await d.select(DATABASE);
  await d.details.getByRole("button", { name: "Detach database-sg" }).click();
  await expect(d.details.getByRole("button", { name: "Detach database-sg" })).toHaveCount(0);

  // The groups are as the step asks, and connection 4 would be allowed now; but it was
  // fired before, denied: the step waits.
  await lessons.open();
  await lessons.expectStep(step, "current");
  const fourAgain = lessons.checks(step).filter({ hasText: "Connection 4 fired again" });
  await expect(fourAgain).toHaveAttribute("data-passed", "false");
  await expect(lessons.step(step).locator('[data-testid="check"][data-passed="true"]')).toHaveCount(4);
  await lessons.checkMyWork(step);
  await expect(lessons.problems(step)).toHaveCount(1);
  await expect(lessons.problems(step)).toContainText("was denied when last fired");

  // Fired again after the change: done.
  await fire(lab, 4, "allowed");
  await lessons.open();
  await lessons.expectStep(step, "done");
  await expect(lessons.announcement).toContainText("Step 6 done: Attach the groups");
  await lessons.expectProgress(6, 9);
});
