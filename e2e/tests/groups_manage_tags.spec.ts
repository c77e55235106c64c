import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";

test("an existing group's tags are changed, added and removed with Manage tags", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.create("our-learning-sg-https", "Allow HTTPS and HTTP", [], [["Name", "our-learning-sg-https"]]);
  const tagsCard = groups.panel.getByRole("region", { name: "Tags" });
  await expect(tagsCard.getByRole("heading")).toHaveText("Tags (1)");

  await tagsCard.getByRole("button", { name: "Manage tags" }).click();
  await expect(groups.panel.getByLabel("Key, tag 1", { exact: true })).toHaveValue("Name");
  await groups.addTag(2, "EducationOnly", "yes");
  await groups.panel.getByRole("button", { name: "Save changes" }).click();
  await expect(tagsCard.getByRole("heading")).toHaveText("Tags (2)");
  await expect(tagsCard).toContainText("EducationOnly");

  // A key over 128 characters is refused with AWS's reason, and the rows stay as typed.
  await tagsCard.getByRole("button", { name: "Manage tags" }).click();
  const long = "k".repeat(129);
  await groups.panel.getByLabel("Key, tag 2", { exact: true }).fill(long);
  await groups.panel.getByRole("button", { name: "Save changes" }).click();
  await expect(groups.panel.getByRole("alert").filter({ hasText: "128" })).toBeVisible();
  await expect(groups.panel.getByLabel("Key, tag 2", { exact: true })).toHaveValue(long);

  await groups.panel.getByRole("button", { name: "Remove tag 2" }).click();
  await groups.panel.getByRole("button", { name: "Save changes" }).click();
  await expect(tagsCard.getByRole("heading")).toHaveText("Tags (1)");
  await expect(tagsCard).not.toContainText("EducationOnly");
});
