// A teacher's exercise file that does not follow the format is refused with the
// engine's message, which names the place, and nothing changes: not the lab, not
// the list. A good file waits for the student's word before it replaces the lab.
import { test, expect } from "../fixtures/lab";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GroupsPage } from "../fixtures/groups_page";
import { DiagramPage, APP_SERVER } from "../fixtures/diagram_page";
import { LessonsPage } from "../fixtures/lessons_page";

const challenge = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../lessons/challenges/1-web-not-ssh.json", import.meta.url)), "utf8"),
);

function file(name: string, doc: unknown) {
  return { name, mimeType: "application/json", buffer: Buffer.from(typeof doc === "string" ? doc : JSON.stringify(doc)) };
}

test("a bad exercise file shows a located error and leaves the lab as it was", async ({ lab }) => {
  await lab.goto();
  const lessons = new LessonsPage(lab.page);
  const groups = new GroupsPage(lab.page);
  const d = new DiagramPage(lab.page);
  await groups.open();
  await groups.create("my-own-work", "Not to be lost", []);
  await groups.backToList();
  await lessons.open();

  const bad = structuredClone(challenge);
  bad.id = "week-3-web";
  bad.steps[1].checks[0].protocol = "tcpp";
  await lessons.fileInput.setInputFiles(file("week-3.json", bad));
  await expect(lessons.error).toContainText("week-3.json cannot be opened: steps[1].checks[0]: ");
  await expect(lessons.error).toContainText("tcpp");
  await expect(lessons.error).toContainText("Nothing was changed.");
  await expect(lessons.panel.getByRole("list", { name: "Your exercises" })).toHaveCount(0);

  await lessons.fileInput.setInputFiles(file("notes.json", "{ \"format\": \"sglab-exercise/1\", "));
  await expect(lessons.error).toContainText("notes.json cannot be opened: not an exercise file");

  const textPort = structuredClone(challenge);
  textPort.id = "week-3-web";
  textPort.steps[0].checks[0].port = "443";
  await lessons.fileInput.setInputFiles(file("week-3.json", textPort));
  await expect(lessons.error).toContainText(
    "week-3.json cannot be opened: steps[0].checks[0].port: expected a port number from 0 to 65535, found the text 443",
  );

  // A lab is not an exercise: the message says where it opens.
  await lessons.fileInput.setInputFiles(file("my-lab.json", { Vpcs: [] }));
  await expect(lessons.error).toContainText("my-lab.json cannot be opened: this is a lab");
  await expect(lessons.error).toContainText("open it with Import");

  // The lab is the student's own still.
  await expect(d.node(APP_SERVER)).toBeVisible();
  await groups.open();
  await expect(groups.row("my-own-work")).toBeVisible();

  // Fixed, it opens, and asks before it replaces the lab; Cancel leaves everything.
  await lessons.open();
  const good = structuredClone(challenge);
  good.id = "week-3-web";
  good.title = "Week 3: the web server";
  await lessons.fileInput.setInputFiles(file("week-3.json", good));
  await expect(lessons.error).toHaveCount(0);
  const card = lessons.card("week-3-web");
  await expect(card).toContainText("Week 3: the web server");
  await expect(card.getByRole("alertdialog")).toContainText("replaces the lab on the diagram. You can undo it.");
  await card.getByRole("button", { name: "Cancel" }).click();
  await expect(card.getByRole("alertdialog")).toHaveCount(0);
  await groups.open();
  await expect(groups.row("my-own-work")).toBeVisible();

  // Started, it replaces the lab; Undo brings the student's own back.
  await lessons.open();
  await lessons.start("week-3-web", "Week 3: the web server");
  await groups.open();
  await expect(groups.row("web-sg")).toBeVisible();
  await expect(groups.row("my-own-work")).toHaveCount(0);
  await lab.page.getByRole("button", { name: "Undo" }).click();
  await expect(groups.row("my-own-work")).toBeVisible();
});
