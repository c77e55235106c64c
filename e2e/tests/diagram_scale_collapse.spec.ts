import { test, expect } from "../fixtures/lab";
import { APP_SERVER, DiagramPage } from "../fixtures/diagram_page";
import { KeepPage } from "../fixtures/keep_page";
import { realisticLab } from "../bench/realistic_lab.mjs";

const APP_A = "subnet-00000000000000002";
const ADMIN_A = "subnet-00000000000000008";

test("a crowded subnet shows its count; its toggle shows and hides its resources and is no edit of the lab", async ({ lab }) => {
  test.setTimeout(120_000);
  const doc = realisticLab(1000);
  const inSubnet = (subnet: string) =>
    doc.NetworkInterfaces.filter((e: any) => e.SubnetId === subnet).map((e: any) => e.Attachment.InstanceId as string);
  await lab.goto();
  const d = new DiagramPage(lab.page);
  const keep = new KeepPage(lab.page);
  await d.importFile(doc);

  // 200 servers start behind their count; admin's 25 are drawn.
  const toggle = d.subnetToggle(APP_A);
  await expect(toggle).toHaveAccessibleName("Show resources in app-a");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(d.hiddenCount(APP_A)).toHaveText("200 resources");
  await expect(d.node(inSubnet(APP_A)[0])).toHaveCount(0);
  await expect(d.subnetToggle(ADMIN_A)).toHaveAttribute("aria-expanded", "true");
  await expect(d.node(inSubnet(ADMIN_A)[0])).toBeVisible();
  const saved = await keep.saved();

  // From the keyboard: they are drawn, every one of them.
  await toggle.focus();
  await lab.page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(d.hiddenCount(APP_A)).toHaveCount(0);
  for (const id of [inSubnet(APP_A)[0], inSubnet(APP_A)[199]]) await expect(d.node(id)).toBeVisible();
  await expect(lab.page.locator('g.node[data-testid^="node-"]')).toHaveCount(200 + 50);

  // With the pointer: hidden again, the count instead.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(d.hiddenCount(APP_A)).toHaveText("200 resources");
  await expect(d.node(inSubnet(APP_A)[0])).toHaveCount(0);
  await expect(lab.page.locator('g.node[data-testid^="node-"]')).toHaveCount(50);

  // Not an edit: the save is as it was, and Undo takes back the import itself.
  expect(await keep.saved()).toEqual(saved);
  await keep.undo();
  await expect(d.node(APP_SERVER)).toBeVisible();
  await expect(d.subnetToggle(APP_A)).toHaveCount(0);
});
