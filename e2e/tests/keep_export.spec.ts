import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { KeepPage } from "../fixtures/keep_page";
import { readFile } from "node:fs/promises";

test("the lab exports as AWS JSON that imports back, as Terraform, and the diagram as SVG and PNG", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.create("exported-group", "Goes out and comes back", [{ type: "HTTPS", sourceType: "Anywhere-IPv4" }]);

  const exported = async (item: string) => {
    await lab.page.getByTestId("export").click();
    const download = lab.page.waitForEvent("download");
    await lab.page.getByTestId(item).click();
    const file = await download;
    return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  };

  const aws = await exported("export-aws");
  expect(aws.name).toMatch(/\.json$/);
  const doc = JSON.parse(aws.bytes.toString("utf8"));
  expect(doc.SecurityGroups.map((g: any) => g.GroupName)).toContain("exported-group");

  const terraform = (await exported("export-terraform")).bytes.toString("utf8");
  expect(terraform).toContain('resource "aws_security_group" "exported-group"');
  expect(terraform).toMatch(/resource "aws_vpc_security_group_ingress_rule" "exported-group_ingress_1" \{[^}]*from_port\s*= 443/);

  const svg = (await exported("export-svg")).bytes.toString("utf8");
  expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  expect(svg).toContain("App Server");

  const png = (await exported("export-png")).bytes;
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = png.readUInt32BE(16);
  expect(width).toBeGreaterThan(300);

  // Reset asks first; then the exported file brings the work back.
  const keep = new KeepPage(lab.page);
  await lab.page.getByTestId("lab-menu").click();
  await lab.page.getByTestId("reset").click();
  await expect(lab.page.getByRole("alertdialog")).toContainText("Reset to the chapter's network?");
  await lab.page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await groups.backToList();
  await expect(groups.row("exported-group")).toBeVisible();
  await keep.reset();
  await expect(groups.row("exported-group")).toHaveCount(0);
  await lab.page.getByTestId("import").click();
  await lab.page.getByTestId("import-file").setInputFiles({ name: aws.name, mimeType: "application/json", buffer: aws.bytes });
  await expect(keep.notice).toContainText("The lab was imported");
  await expect(groups.row("exported-group")).toBeVisible();
});
