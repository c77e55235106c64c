// A challenge is graded as a whole, point by point: a lab that is partly right
// scores part, each step with its points, and full marks complete it.
import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { LessonsPage } from "../fixtures/lessons_page";

test("a challenge gives partial credit per check and completes at full marks", async ({ lab }) => {
  test.setTimeout(60_000);
  await lab.goto();
  const lessons = new LessonsPage(lab.page);
  const groups = new GroupsPage(lab.page);
  await lessons.open();
  await lessons.start("challenge-1-web-not-ssh", "Challenge 1: Open the site, close SSH");

  // As it starts: nobody reaches the site, and only the admin's SSH check passes.
  await expect(lessons.progressWords).toHaveText("Score 1/6 (16%)");
  await lessons.expectProgress(1, 6);
  await expect(lessons.step("customers").getByTestId("step-points")).toHaveText("0/3 points");
  await expect(lessons.step("ssh").getByTestId("step-points")).toHaveText("1/3 points");
  await lessons.checkMyWork("customers");
  await expect(lessons.problems("customers").first()).toContainText("ENI_SG_RULES_MISMATCH");

  // HTTPS only: 2 of the step's 3 points.
  await groups.open();
  await groups.openGroup("web-sg");
  await groups.panel.getByRole("button", { name: "Edit inbound rules" }).click();
  const rows = await groups.rules("inbound").count();
  await groups.addRule("inbound", rows + 1, { type: "HTTPS", sourceType: "Anywhere-IPv4" });
  await groups.panel.getByRole("button", { name: "Save rules" }).click();
  await lessons.open();
  await expect(lessons.step("customers").getByTestId("step-points")).toHaveText("2/3 points");
  await expect(lessons.step("customers")).toHaveAttribute("data-state", "graded");
  await expect(lessons.step("customers").locator("[data-graded]")).toHaveAttribute("data-graded", "partial");
  await expect(lessons.progressWords).toHaveText("Score 3/6 (50%)");
  await expect(lessons.problems("customers")).toHaveCount(1);
  await expect(lessons.problems("customers")).toContainText("TCP 80");
  await expect(lessons.complete).toHaveCount(0);

  // HTTP too, and SSH only from the admin's laptop: full marks.
  await lab.page.getByRole("tab", { name: "Security groups" }).click();
  await groups.panel.getByRole("button", { name: "Edit inbound rules" }).click();
  const now = await groups.rules("inbound").count();
  await groups.addRule("inbound", now + 1, { type: "HTTP", sourceType: "Anywhere-IPv4" });
  for (let i = 1; i <= now + 1; i++) {
    if ((await groups.field("Port range", "inbound", i).inputValue()) === "22") {
      await groups.field("Source type", "inbound", i).selectOption({ label: "Custom" });
      await groups.field("Source", "inbound", i).fill("198.51.100.10/32");
    }
  }
  await groups.panel.getByRole("button", { name: "Save rules" }).click();
  await lessons.open();
  await expect(lessons.progressWords).toHaveText("Score 6/6 (100%)");
  await expect(lessons.complete).toContainText("Challenge complete");
  await expect(lessons.complete.getByRole("button", { name: "Next: Challenge 2: Only the web tier reaches the database" })).toBeVisible();
  await lessons.toList();
  await expect(lessons.card("challenge-1-web-not-ssh").getByTestId("standing")).toContainText("Complete");
});
