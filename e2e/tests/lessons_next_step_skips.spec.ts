// A step is done when the work is done: Next step through Lesson 1 without doing
// anything leaves only the step to read done (reading it was its work) and the other
// eight skipped, shown apart from done; the lesson is not complete. Going back to a
// skipped step and doing it makes it done.
import AxeBuilder from "@axe-core/playwright";
import { test, expect } from "../fixtures/lab";
import { LessonsPage } from "../fixtures/lessons_page";

const STEPS = [
  "what-is-a-security-group",
  "four-connections",
  "connection-4",
  "create-https-group",
  "create-mysql-group",
  "attach-groups",
  "reference-a-group",
  "stateful-replies",
  "delete-groups",
];

test("Next step without the work skips the steps, and a skipped step is done by going back to it", async ({ lab }) => {
  test.setTimeout(60_000);
  await lab.goto();
  const lessons = new LessonsPage(lab.page);
  await lessons.open();
  await lessons.start("01-security-groups", "Lesson 1: Security groups");
  await lessons.expectProgress(0, 9);

  await lessons.nextStep(STEPS[0]);
  for (const id of STEPS.slice(1)) await lessons.skipStep(id);

  // Only the step to read is done; the progress counts done steps only.
  await lessons.expectProgress(1, 9);
  await expect(lessons.progressWords).toHaveText("1 of 9 steps done, 8 skipped");
  await lessons.expectStep(STEPS[0], "done");
  for (const id of STEPS.slice(1)) {
    await lessons.expectStep(id, "skipped");
    await expect(lessons.step(id)).toContainText("skipped");
    await expect(lessons.step(id).getByTestId("go-back")).toBeVisible();
  }
  // A skipped step wears no tick.
  await expect(lessons.step("four-connections").locator(".step-mark")).toHaveText("↷");
  await expect(lessons.complete).toHaveCount(0);
  await expect(lessons.panel.getByTestId("exercise-skipped")).toContainText("8 steps without doing them");
  // Skipped steps, their way back and what is left to do meet WCAG 2.1 AA.
  const axe = await new AxeBuilder({ page: lab.page })
    .include(".lessons-panel")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await lessons.toList();
  await expect(lessons.card("01-security-groups").getByTestId("standing")).toContainText("1 of 9 steps done, 8 skipped");
  await expect(lessons.card("01-security-groups")).toHaveAttribute("data-standing", "started");

  // Back to step 2: fired now, it is done.
  await lessons.card("01-security-groups").getByRole("button", { name: "Continue Lesson 1: Security groups" }).click();
  await lessons.goBack("four-connections");
  await expect(lessons.progressWords).toHaveText("1 of 9 steps done, 7 skipped");
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  for (const [n, verdict] of [
    [1, "allowed"],
    [2, "allowed"],
    [3, "denied"],
  ] as const) {
    await lab.fire(n);
    await expect(lab.verdict(n)).toHaveAttribute("data-verdict", verdict);
  }
  await lessons.open();
  await lessons.expectStep("four-connections", "done");
  await expect(lessons.progressWords).toHaveText("2 of 9 steps done, 7 skipped");
  // Step 3 stays skipped: it is not the student's step until they go back to it.
  await lessons.expectStep("connection-4", "skipped");
  await expect(lessons.complete).toHaveCount(0);
});
