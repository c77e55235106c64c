// Progress is the student's: after a reload the lesson opens where they left it,
// with the steps they did still done (one whose group has since been deleted
// included) and the hints they asked for still shown.
import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { LessonsPage } from "../fixtures/lessons_page";

test("a lesson's progress survives a reload", async ({ lab }) => {
  await lab.goto();
  const lessons = new LessonsPage(lab.page);
  const groups = new GroupsPage(lab.page);
  await lessons.open();
  await lessons.start("01-security-groups", "Lesson 1: Security groups");
  await lessons.nextStep("what-is-a-security-group");
  // Steps 2 and 3 are done by firing the chapter's connections.
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  for (const n of [1, 2, 3, 4]) {
    await lab.fire(n);
    await expect(lab.verdict(n)).toHaveAttribute("data-verdict", n <= 2 ? "allowed" : "denied");
  }
  await lessons.open();
  await lessons.expectStep("connection-4", "done");

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
  await lessons.open();
  await lessons.expectStep("create-https-group", "done");
  await lessons.help("create-mysql-group");
  await expect(lessons.hints("create-mysql-group")).toHaveCount(1);
  // The group is deleted again: the step it passed stays done.
  await lab.page.getByRole("tab", { name: "Security groups" }).click();
  await groups.backToList();
  await groups.deleteFromList("our-learning-sg-https");
  await expect(groups.row("our-learning-sg-https")).toHaveCount(0);

  await lab.page.reload();
  await lab.title.waitFor();
  await lessons.open();
  await expect(lessons.exercise).toHaveAttribute("data-exercise", "01-security-groups");
  await lessons.expectProgress(4, 9);
  await lessons.expectStep("create-https-group", "done");
  await lessons.expectStep("create-mysql-group", "current");
  await expect(lessons.hints("create-mysql-group")).toHaveCount(1);
  await expect(lessons.hints("create-mysql-group")).toContainText("MYSQL/Aurora");

  await lessons.toList();
  await expect(lessons.card("01-security-groups").getByTestId("standing")).toContainText("4 of 9 steps done");
  await expect(lessons.card("02-network-acls").getByTestId("standing")).toHaveText("Not started");
  // Continue goes back to the lesson on the lab as it is: nothing is replaced.
  await lessons.card("01-security-groups").getByRole("button", { name: "Continue Lesson 1: Security groups" }).click();
  await lessons.expectStep("create-mysql-group", "current");
  await groups.open();
  await expect(groups.row("our-learning-sg-https")).toHaveCount(0);
});
