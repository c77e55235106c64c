import { test, expect } from "../fixtures/lab";
import { DiagramPage, APP_SERVER } from "../fixtures/diagram_page";
import { GroupsPage } from "../fixtures/groups_page";
import { KeepPage, SAVE_KEY, BACKUP_KEY } from "../fixtures/keep_page";
import { readFile } from "node:fs/promises";

const damaged = '{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.9.0.0/16"}], "SecurityGroups": [tru';

test("a damaged save is reported, kept as a downloadable backup, and the lab starts from the chapter", async ({ lab }) => {
  // The save is there before the page starts, as a previous visit would have left it.
  await lab.page.addInitScript(
    ([key, text]) => {
      if (!sessionStorage.getItem("seeded")) {
        localStorage.setItem(key, text);
        sessionStorage.setItem("seeded", "1");
      }
    },
    [SAVE_KEY, damaged],
  );
  await lab.goto();
  const keep = new KeepPage(lab.page);
  await expect(keep.notice).toContainText("Your saved lab could not be opened");
  await expect(keep.notice).toContainText("kept as a backup");
  await expect(new DiagramPage(lab.page).node(APP_SERVER)).toBeVisible();
  expect(await lab.page.evaluate((key) => localStorage.getItem(key), BACKUP_KEY)).toBe(damaged);

  const download = lab.page.waitForEvent("download");
  await lab.page.getByTestId("download-backup").click();
  const file = await (await download).path();
  expect(await readFile(file, "utf8")).toBe(damaged);

  // Working on and saving anew keeps the backup.
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.create("after-the-damage", "A fresh start", []);
  expect(await lab.page.evaluate((key) => localStorage.getItem(key), BACKUP_KEY)).toBe(damaged);
  expect((await keep.saved())?.SecurityGroups?.some((g: any) => g.GroupName === "after-the-damage")).toBe(true);
});

test("a save from a newer version is not opened and not lost", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.create("made-by-the-future", "Saved by a newer lab", []);
  const keep = new KeepPage(lab.page);
  const doc = await keep.saved();
  doc.SgLabSave.Version = 99;
  const newer = JSON.stringify(doc);
  await lab.page.evaluate(([key, text]) => localStorage.setItem(key, text), [SAVE_KEY, newer]);

  await lab.page.reload();
  await lab.title.waitFor();
  await expect(keep.notice).toContainText("newer version of SG Lab");
  expect(await lab.page.evaluate((key) => localStorage.getItem(key), BACKUP_KEY)).toBe(newer);
  await groups.open();
  await expect(groups.row("made-by-the-future")).toHaveCount(0);
});
