import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { KeepPage } from "../fixtures/keep_page";

test("an import error names the JSON path and the problem, and leaves the lab as it was", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  const keep = new KeepPage(lab.page);
  await groups.open();
  await groups.create("before-the-import", "Must survive a bad import", [{ type: "HTTPS", sourceType: "Anywhere-IPv4" }]);
  await groups.backToList();
  const before = await keep.saved();

  // The lab itself, with one port out of range.
  const doc = structuredClone(before);
  const index = doc.SecurityGroups.findIndex((g: any) => g.GroupName === "before-the-import");
  doc.SecurityGroups[index].IpPermissions[0].FromPort = 70000;
  doc.SecurityGroups[index].GroupName = "from-the-bad-file";
  await keep.importDocument(JSON.stringify(doc));
  await expect(keep.importErrorPath).toHaveText(`SecurityGroups[${index}].IpPermissions[0].FromPort`);
  await expect(keep.importError).toContainText("70000 is not a port");
  // The dialog keeps what was pasted, and nothing changed.
  await expect(keep.importText).toHaveValue(/70000/);
  expect(await keep.saved()).toEqual(before);
  await lab.page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(groups.row("before-the-import")).toBeVisible();
  await expect(groups.row("from-the-bad-file")).toHaveCount(0);

  // Not JSON at all.
  await keep.importDocument('{"Vpcs": [');
  await expect(keep.importError).toBeVisible();
  expect(await keep.saved()).toEqual(before);

  // An exercise is not a lab: the message says where it opens.
  await keep.importText.fill(JSON.stringify({ format: "sglab-exercise/1", id: "x", title: "Week 3", network: { Vpcs: [] }, steps: [] }));
  await lab.page.getByTestId("import-submit").click();
  await expect(keep.importError).toContainText("This is an exercise (“Week 3”), not a lab: open it from the Lessons tab.");
  expect(await keep.saved()).toEqual(before);

  // Fixed, it imports, and undo brings the lab before it back.
  doc.SecurityGroups[index].IpPermissions[0].FromPort = 8443;
  doc.SecurityGroups[index].IpPermissions[0].ToPort = 8443;
  await keep.importText.fill(JSON.stringify(doc));
  await lab.page.getByTestId("import-submit").click();
  await expect(keep.notice).toContainText("The lab was imported");
  await expect(groups.row("from-the-bad-file")).toBeVisible();
  await expect(groups.row("before-the-import")).toHaveCount(0);
  await keep.undo();
  await expect(groups.row("before-the-import")).toBeVisible();
});
