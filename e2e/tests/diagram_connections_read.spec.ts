// The chapter's picture: every fired connection is an arrow that can be followed from
// its source toward its destination, through no word of the diagram, with its ends
// outside every icon and word, a blocked one stopping on the component that blocked
// it, and no caption over another or over a word. Measured on screen.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test, expect } from "../fixtures/lab";
import { LessonsPage } from "../fixtures/lessons_page";
import { measureDiagram, problems } from "../fixtures/flow_geometry";
import type { LabPage } from "../fixtures/lab_page";

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeEach(async ({ page }) => {
  // The packet jumps to the end of its journey: its label is measured where it stays.
  await page.emulateMedia({ reducedMotion: "reduce" });
});

async function fireChapter(lab: LabPage) {
  await lab.goto();
  for (const number of [1, 2, 3, 4]) await lab.fire(number);
  await expect(lab.arrows).toHaveCount(4);
}

test("the chapter's four connections read at the fitted zoom", async ({ lab }) => {
  await fireChapter(lab);
  const drawing = await measureDiagram(lab.page);
  expect(problems(drawing)).toEqual([]);
  const [one, two, three, four] = drawing.flows;
  expect([one.state, two.state, three.state, four.state]).toEqual(["allowed", "allowed", "blocked", "blocked"]);
  await expect(lab.arrow(0)).toHaveAttribute("data-heads", "2");
  await expect(lab.arrow(1)).toHaveAttribute("data-heads", "2");
  // 3 and 4 stop on their source's own security groups and show where they were going.
  expect(three.stop?.on).toBe("node-i-0a1b2c3d4e5f60001");
  expect(four.stop?.on).toBe("node-chapter-mysql");
  for (const blocked of [three, four]) expect(blocked.length).toBeGreaterThan(120);
});

for (const [name, clicks] of [
  ["zoomed in to 150%", ["Zoom in", "Zoom in", "Zoom in", "Zoom in"]],
  ["zoomed out", ["Zoom out", "Zoom out"]],
] as const) {
  test(`the chapter's four connections read ${name}`, async ({ lab }) => {
    await fireChapter(lab);
    for (const click of clicks) await lab.page.getByRole("button", { name: click }).click();
    expect(problems(await measureDiagram(lab.page))).toEqual([]);
  });
}

test("two connections between the same ends run side by side", async ({ lab }) => {
  await lab.goto();
  await lab.fire(2);
  await lab.fire(4);
  const [to, from] = (await measureDiagram(lab.page)).flows;
  const middle = (lines: { x: number; y: number }[][]) => {
    const all = lines.flat();
    return all[Math.floor(all.length / 2)];
  };
  const [a, b] = [middle(to.lines), middle(from.lines)];
  expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(8);
});

const lessonsDir = fileURLToPath(new URL("../../lessons", import.meta.url));
const exercises = [
  ...readdirSync(lessonsDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => `${lessonsDir}/${f}`),
  ...readdirSync(`${lessonsDir}/challenges`).map((f) => `${lessonsDir}/challenges/${f}`),
];

type Check = { kind: string; from: string; to: string; protocol: string; port: number };
type Exercise = { id: string; title: string; steps: { checks?: Check[] }[] };

/** Picks an end in the fire form by name, or types its address. */
async function chooseEnd(lab: LabPage, end: "Source" | "Destination", nameOrAddress: string) {
  const picker = lab.page.getByLabel(end, { exact: true });
  const label = await picker.evaluate(
    (select, wanted) =>
      Array.from((select as HTMLSelectElement).options)
        .map((o) => o.label)
        .find((l) => l.startsWith(`${wanted} (`) || l.endsWith(`(${wanted})`)),
    nameOrAddress,
  );
  if (label) await picker.selectOption({ label });
  else await lab.typeEnd(end, nameOrAddress);
}

for (const file of exercises) {
  const exercise = JSON.parse(readFileSync(file, "utf8")) as Exercise;
  test(`every connection that ${exercise.id} checks reads on its lab`, async ({ lab }) => {
    test.setTimeout(90_000);
    await lab.goto();
    const lessons = new LessonsPage(lab.page);
    await lessons.open();
    await lessons.start(exercise.id, exercise.title);
    const checks = exercise.steps.flatMap((s) => s.checks ?? []).filter((c) => c.kind === "connection");
    const seen = new Set<string>();
    await lab.page.getByRole("tab", { name: "Connections" }).click();
    for (const check of checks) {
      const key = `${check.from}|${check.to}|${check.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await chooseEnd(lab, "Source", check.from);
      await chooseEnd(lab, "Destination", check.to);
      await lab.chooseService("Custom TCP");
      await lab.page.getByLabel("Port", { exact: true }).fill(String(check.port));
      await lab.fireForm();
      await expect(lab.arrows).toHaveCount(seen.size);
    }
    await lab.page.getByRole("button", { name: "Fit to view" }).click();
    expect(problems(await measureDiagram(lab.page))).toEqual([]);
  });
}

test("the chapter's connections keep their numbers after Clear all, and firing one again replaces its arrow", async ({ lab }) => {
  await lab.goto();
  await lab.fire(1);
  await lab.fire(2);
  await lab.clearConnections();
  await lab.fire(2);
  await expect(lab.arrow(0)).toHaveAttribute("data-number", "2");
  await expect(lab.arrow(0).getByTestId("arrow-caption")).toHaveText("#2");
  await lab.fire(2);
  await expect(lab.arrows).toHaveCount(1);
  await lab.fire(4);
  await expect(lab.arrow(1)).toHaveAttribute("data-number", "4");
});

test("zoomed out until the labels are hidden, arrows and stop marks still show", async ({ lab }) => {
  await fireChapter(lab);
  const zoom = lab.page.getByTestId("zoom-level");
  while (parseInt((await zoom.textContent()) ?? "100", 10) >= 40) {
    await lab.page.getByRole("button", { name: "Zoom out" }).click();
  }
  await expect(lab.page.locator(".node .node-name")).toHaveCount(0);
  const drawing = await measureDiagram(lab.page);
  for (const flow of drawing.flows) expect(flow.length).toBeGreaterThan(10);
  for (const index of [2, 3]) await expect(lab.stopMarks(index)).toBeVisible();
});
