import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { KeepPage } from "../fixtures/keep_page";

const markup = "<img src=x onerror=alert(1)>";

test("names, hosts and tags from a file are shown as text, never run as markup", async ({ lab }) => {
  const dialogs: string[] = [];
  lab.page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  const keep = new KeepPage(lab.page);
  await groups.open();
  await groups.create("tagged-with-markup", "Its tag comes from a file", [], [["Name", "plain"]]);
  const doc = await keep.saved();
  doc.SgLab.Resources[0].Name = markup;
  doc.SgLab.InternetHosts[0].Name = `${markup} host`;
  const group = doc.SecurityGroups.find((g: any) => g.GroupName === "tagged-with-markup");
  group.Tags = [{ Key: "Name", Value: markup }];
  await keep.importDocument(JSON.stringify(doc));
  await expect(keep.notice).toContainText("The lab was imported");

  // The diagram shows the name as text, cut short to fit under its node and whole on hover…
  const name = lab.page.locator("svg.diagram .node-name").filter({ hasText: "<img src=x" }).first();
  await expect(name).toBeVisible();
  await expect(name.locator("title")).toHaveText(markup);
  await expect(lab.page.locator("svg.diagram").getByText(`${markup} host`).first()).toBeAttached();
  // …and so do the panels.
  await groups.backToList();
  await groups.openGroup("tagged-with-markup");
  await expect(groups.panel.getByRole("region", { name: "Tags" })).toContainText(markup);
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await expect(lab.page.getByRole("option", { name: new RegExp(markup.replace(/[()]/g, "\\$&")) }).first()).toBeAttached();

  // No element came out of the text, and nothing ran.
  expect(await lab.page.locator("img").count()).toBe(0);
  expect(await lab.page.evaluate(() => document.querySelectorAll("[onerror]").length)).toBe(0);
  expect(dialogs).toEqual([]);
});
