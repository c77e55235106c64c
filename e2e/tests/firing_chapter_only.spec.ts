import { test, expect } from "../fixtures/lab";
import { KeepPage } from "../fixtures/keep_page";
import { realisticLab } from "../bench/realistic_lab.mjs";

test("the chapter's four connections are offered only on the chapter's network", async ({ lab }) => {
  await lab.goto();
  await expect(lab.fireButton(1)).toBeVisible();

  const keep = new KeepPage(lab.page);
  await keep.importDocument(JSON.stringify(realisticLab(20)));
  await expect(keep.notice).toContainText("The lab was imported");
  await expect(lab.page.getByRole("heading", { name: "The chapter's four connections" })).toHaveCount(0);
  await expect(lab.fireButton(1)).toHaveCount(0);
  // The form still fires on this network.
  await expect(lab.page.getByTestId("fire-submit")).toBeVisible();

  await keep.undo();
  await expect(lab.fireButton(1)).toBeVisible();
});
