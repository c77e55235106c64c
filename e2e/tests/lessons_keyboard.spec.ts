// The Lessons tab from the keyboard: Start asks, the question takes the focus, Enter
// starts; a step read is left with Enter and the focus goes on to the next step;
// Help! and Check my work are buttons like any other.
import { test, expect } from "../fixtures/lab";
import { LessonsPage } from "../fixtures/lessons_page";

test("a lesson is started and followed from the keyboard", async ({ lab }) => {
  await lab.goto();
  const lessons = new LessonsPage(lab.page);
  const page = lab.page;
  await lessons.open();
  await lessons.card("01-security-groups").getByRole("button", { name: "Start Lesson 1: Security groups" }).focus();
  await page.keyboard.press("Enter");
  const start = lessons.card("01-security-groups").getByRole("alertdialog").getByRole("button", { name: "Start", exact: true });
  await expect(start).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(lessons.exercise).toHaveAttribute("data-exercise", "01-security-groups");

  const progress = lessons.progressBar;
  await expect(progress).toHaveAttribute("aria-valuetext", "0 of 9 steps done");
  await lessons.step("what-is-a-security-group").getByRole("button", { name: "Next step" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "The chapter's four connections" })).toBeFocused();
  await expect(progress).toHaveAttribute("aria-valuetext", "1 of 9 steps done");
  await expect(lessons.step("what-is-a-security-group")).toHaveAttribute("data-state", "done");

  // Tab reaches the step's Help! button; Enter shows its hint; then Next step.
  await page.keyboard.press("Tab");
  await expect(lessons.step("four-connections").getByRole("button", { name: "Help!" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(lessons.hints("four-connections")).toHaveCount(1);
  await expect(lessons.hints("four-connections")).toContainText("Fire button");
  await lessons.step("four-connections").getByRole("button", { name: "Next step" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Connection 4, told truthfully" })).toBeFocused();

  // A done step opens again from the keyboard, to be read again.
  const done = lessons.step("what-is-a-security-group").locator("summary");
  await done.focus();
  await page.keyboard.press("Enter");
  await expect(lessons.step("what-is-a-security-group")).toContainText("Whatever no rule allows is denied");
});
