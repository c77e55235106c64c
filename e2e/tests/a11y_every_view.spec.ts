// Every view of the lab against axe-core's WCAG 2.1 A and AA rules, light and dark:
// each tab, with the chapter's connections fired and one explained, a node selected,
// a form with a refused field, the dialogs, and the narrow layouts.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { DiagramPage, DATABASE } from "../fixtures/diagram_page";

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** What axe finds on the page as it is now, one line per violating node. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1, 2).join("")}`),
  );
}

async function setTheme(page: Page, dark: boolean) {
  const toggle = page.getByRole("button", { name: "Dark theme" });
  if ((await toggle.getAttribute("aria-pressed")) !== String(dark)) await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", String(dark));
}

async function tab(page: Page, name: string) {
  await page.getByRole("tab", { name }).click();
  await expect(page.getByRole("tab", { name })).toHaveAttribute("aria-selected", "true");
}

for (const dark of [false, true]) {
  const theme = dark ? "dark" : "light";

  test(`every tab, with connections fired and explained, has no WCAG 2.1 AA violation (${theme})`, async ({ lab }) => {
    await lab.goto();
    await setTheme(lab.page, dark);
    for (const n of [1, 2, 3, 4]) await lab.fire(n);
    await lab.firedItems.first().click();
    await expect(lab.explanation).toBeVisible();
    const found: Record<string, string[]> = {};
    found["Connections, explained"] = await violations(lab.page);

    for (const name of ["Security groups", "Network ACLs", "Who can reach", "Lessons"]) {
      await tab(lab.page, name);
      found[name] = await violations(lab.page);
    }
    const d = new DiagramPage(lab.page);
    await d.node(DATABASE).click();
    await expect(d.details).toContainText("RDS database");
    found["Details, a node selected"] = await violations(lab.page);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });

  test(`forms, a refused field and the dialogs have no WCAG 2.1 AA violation (${theme})`, async ({ lab }) => {
    await lab.goto();
    await setTheme(lab.page, dark);
    const found: Record<string, string[]> = {};
    const groups = new GroupsPage(lab.page);
    await groups.open();
    await groups.startCreate("our-learning-sg-https", "HTTPS from anywhere");
    await groups.addRule("inbound", 1, { type: "HTTPS", source: "10.1.300.0/24" });
    await groups.submitCreate();
    await expect(groups.field("Source", "inbound", 1)).toHaveAttribute("aria-invalid", "true");
    found["Create security group, refused"] = await violations(lab.page);

    await tab(lab.page, "Network ACLs");
    await lab.page.getByRole("button", { name: "Create network ACL" }).first().click();
    found["Create network ACL"] = await violations(lab.page);

    await lab.page.getByTestId("import").click();
    await expect(lab.page.getByRole("dialog")).toBeVisible();
    found["Import dialog"] = await violations(lab.page);
    await lab.page.keyboard.press("Escape");
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });
}

for (const [name, size] of [
  ["tablet upright", { width: 820, height: 1180 }],
  ["phone", { width: 390, height: 844 }],
] as const) {
  test.describe(name, () => {
    test.use({ viewport: size, hasTouch: true, isMobile: true });
    test(`the ${name} layout has no WCAG 2.1 AA violation`, async ({ lab }) => {
      await lab.goto();
      for (const n of [1, 2, 3, 4]) await lab.fire(n);
      expect(await violations(lab.page)).toEqual([]);
      await setTheme(lab.page, true);
      expect(await violations(lab.page)).toEqual([]);
    });
  });
}
