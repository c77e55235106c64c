import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { KeepPage } from "../fixtures/keep_page";

test("a share link opens the lab in a browser that has none, and leaves the address bar clean", async ({ lab, browser }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.create("shared-with-a-classmate", "Travels in the link", [{ type: "SSH", source: "10.1.1.0/24" }]);
  const link = await new KeepPage(lab.page).copyLink();
  expect(link).toContain("#");

  const classmate = await browser.newContext();
  const page = await classmate.newPage();
  await page.goto(link);
  const theirGroups = new GroupsPage(page);
  await theirGroups.open();
  await expect(theirGroups.row("shared-with-a-classmate")).toBeVisible();
  expect(await theirGroups.ruleCounts("shared-with-a-classmate")).toEqual(["1", "1"]);
  expect(new URL(page.url()).hash).toBe("");
  // It is theirs now: a reload keeps it.
  await page.reload();
  await theirGroups.open();
  await expect(theirGroups.row("shared-with-a-classmate")).toBeVisible();
  await classmate.close();
});

test("a share link never overwrites a saved lab without asking: keep both", async ({ lab, browser, siteUrl }) => {
  // The classmate's lab, made in another browser.
  const sender = await browser.newContext();
  const senderPage = await sender.newPage();
  await senderPage.goto(siteUrl);
  const senderGroups = new GroupsPage(senderPage);
  await senderGroups.open();
  await senderGroups.create("from-the-link", "From a classmate", []);
  const link = await new KeepPage(senderPage).copyLink();
  await sender.close();

  // My own lab, saved in this browser.
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.create("my-own-work", "Not to be lost", []);
  await groups.backToList();

  await lab.page.goto(link);
  const keep = new KeepPage(lab.page);
  await expect(keep.incoming).toBeVisible();
  await expect(keep.incoming).toContainText("Open the shared lab?");
  // Until I choose, my lab is the one on screen and saved.
  const names = (doc: any) => (doc?.SecurityGroups ?? []).map((g: any) => g.GroupName);
  expect(names(await keep.saved())).toContain("my-own-work");
  await lab.page.getByTestId("incoming-keep-both").click();
  await expect(groups.row("from-the-link")).toBeVisible();
  await expect(groups.row("my-own-work")).toHaveCount(0);

  // My lab is set aside in the Lab menu and opens again.
  await lab.page.getByTestId("lab-menu").click();
  const copy = lab.page.getByTestId("kept-copy");
  await expect(copy).toHaveCount(1);
  await copy.getByRole("button", { name: "Open" }).click();
  await expect(groups.row("my-own-work")).toBeVisible();
});
