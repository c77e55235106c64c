// A teacher passes an exercise on as a link: it carries the whole file after the
// `#`, opens in the student's Lessons tab, and waits for their word before it
// replaces their lab.
import { test, expect } from "../fixtures/lab";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GroupsPage } from "../fixtures/groups_page";
import { LessonsPage } from "../fixtures/lessons_page";

const challenge = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../lessons/challenges/3-egress.json", import.meta.url)), "utf8"),
);

test("an exercise link opens the exercise in the Lessons tab without touching the lab", async ({ lab, browser }) => {
  await lab.goto();
  const lessons = new LessonsPage(lab.page);
  await lessons.open();
  const doc = { ...challenge, id: "class-egress", title: "Class: lock down egress" };
  await lessons.fileInput.setInputFiles({ name: "egress.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(doc)) });
  const card = lessons.card("class-egress");
  await card.getByRole("button", { name: "Cancel" }).click();
  await card.getByRole("button", { name: "Copy a link to Class: lock down egress" }).click();
  const link = await card.getByTestId("exercise-link").inputValue();
  expect(new URL(link).hash.startsWith("#exercise=")).toBe(true);

  // A student with a lab of their own opens it.
  const student = await browser.newContext();
  const page = await student.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(new URL(link).origin + "/");
  const theirGroups = new GroupsPage(page);
  await theirGroups.open();
  await theirGroups.create("students-own", "Theirs", []);
  await page.goto("about:blank");
  await page.goto(link);
  const theirLessons = new LessonsPage(page);
  await expect(theirLessons.panel).toBeVisible();
  const offered = theirLessons.card("class-egress");
  await expect(offered.getByRole("alertdialog")).toContainText("Start “Class: lock down egress”?");
  expect(new URL(page.url()).hash).toBe("");
  await theirGroups.open();
  await expect(theirGroups.row("students-own")).toBeVisible();

  await theirLessons.open();
  await offered.getByRole("alertdialog").getByRole("button", { name: "Start", exact: true }).click();
  await expect(theirLessons.exercise).toHaveAttribute("data-exercise", "class-egress");
  await theirGroups.open();
  await expect(theirGroups.row("app-sg")).toBeVisible();
  await expect(theirGroups.row("students-own")).toHaveCount(0);

  // A damaged link pasted into the open lab's address bar (only the fragment changes,
  // the page does not load again) says so, and changes nothing.
  await page.goto(link.slice(0, link.length - 40));
  await expect(theirLessons.error).toContainText("The exercise link could not be opened");
  await theirGroups.open();
  await expect(theirGroups.row("app-sg")).toBeVisible();
  expect(errors).toEqual([]);
  await student.close();
});
