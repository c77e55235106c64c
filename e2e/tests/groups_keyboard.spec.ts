import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { expectMessageSeen, tabTo } from "../fixtures/keyboard";

test("a group with two rules and two tags is created with the keyboard alone", async ({ lab }) => {
  await lab.goto();
  const { page } = lab;
  const groups = new GroupsPage(page);
  await groups.open();
  const tabs: Record<string, number> = {};
  const key = (k: string) => page.keyboard.press(k);

  await groups.panel.getByRole("button", { name: "Create security group" }).focus();
  await key("Enter");
  // Opening the form puts focus in its first field.
  tabs["name"] = await tabTo(page, groups.panel.getByLabel("Security group name", { exact: true }), 0);
  await page.keyboard.type("our-learning-sg-https");
  tabs["description"] = await tabTo(page, groups.panel.getByLabel("Description", { exact: true }), 1);
  await page.keyboard.type("Allow HTTPS and HTTP from anywhere");

  const addInbound = groups.panel.getByRole("button", { name: "Add inbound rule" });
  tabs["Add rule"] = await tabTo(page, addInbound, 2);
  for (const [number, type] of [
    [1, "HTTPS"],
    [2, "HTTP"],
  ] as const) {
    await key("Enter");
    // "Add rule" puts focus on the new row's Type.
    tabs[`Type ${number}`] = await tabTo(page, groups.field("Type", "inbound", number), 2);
    await page.keyboard.type(type);
    await expect(groups.field("Type", "inbound", number)).toHaveValue(type);
    tabs[`Source type ${number}`] = await tabTo(page, groups.field("Source type", "inbound", number), 2);
    await page.keyboard.type("Anywhere-IPv4");
    await expect(groups.field("Source type", "inbound", number)).toHaveValue("Anywhere-IPv4");
    if (number === 1) tabs["Add rule again"] = await tabTo(page, addInbound, 4);
  }

  const addTag = groups.panel.getByRole("button", { name: "Add new tag" });
  tabs["Add new tag"] = await tabTo(page, addTag, 20);
  for (const [number, [tagKey, value]] of [
    [1, ["Name", "our-learning-sg-https"]],
    [2, ["EducationOnly", "yes"]],
  ] as const) {
    await key("Enter");
    tabs[`Key ${number}`] = await tabTo(page, groups.panel.getByLabel(`Key, tag ${number}`, { exact: true }), 0);
    await page.keyboard.type(tagKey);
    await tabTo(page, groups.panel.getByLabel(`Value, tag ${number}`, { exact: true }), 1);
    await page.keyboard.type(value);
    if (number === 1) await tabTo(page, addTag, 2);
  }
  tabs["Create"] = await tabTo(page, groups.panel.getByRole("button", { name: "Create security group" }), 4);
  await key("Enter");

  await expect(groups.heading).toContainText("our-learning-sg-https");
  await expect(groups.rulesTable("inbound").getByRole("row")).toHaveCount(3);
  await expect(groups.rulesTable("inbound")).toContainText("443");
  await expect(groups.rulesTable("inbound")).toContainText("0.0.0.0/0");
  await expect(groups.panel.getByRole("region", { name: "Tags" })).toContainText("EducationOnly");
  // The new group's page opens at its top: its name and ID in view.
  await expect(groups.heading).toBeInViewport();
  test.info().annotations.push({ type: "Tab presses", description: JSON.stringify(tabs) });
});

test("Enter in the name field does not create the group; Escape cancels and returns focus", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  const create = groups.panel.getByRole("button", { name: "Create security group" });
  await create.click();
  const name = groups.panel.getByLabel("Security group name", { exact: true });
  await expect(name).toBeFocused();
  await lab.page.keyboard.type("half-finished");
  await lab.page.keyboard.press("Enter");
  await expect(groups.heading).toHaveText("Create security group");
  await expect(name).toHaveValue("half-finished");

  await lab.page.keyboard.press("Escape");
  await expect(groups.list).toBeVisible();
  await expect(groups.row("half-finished")).toHaveCount(0);
  await expect(groups.panel.getByRole("button", { name: "Create security group" })).toBeFocused();
});

test("a refused CIDR's message is scrolled into view above the form's buttons", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.startCreate("our-learning-sg-mysql", "MySQL from the public subnet");
  await groups.addRule("inbound", 1, { type: "Custom TCP", portRange: "8080-8090", source: "10.1.1.0/24" });
  await groups.addRule("inbound", 2, { type: "MYSQL/Aurora", source: "10.1.300.0/24" });
  await groups.submitCreate();
  const source = groups.field("Source", "inbound", 2);
  await expect(source).toHaveAttribute("aria-invalid", "true");
  await expect(source).toBeFocused();
  await expectMessageSeen(source);
});

test("Escape on a delete confirmation cancels it and returns focus to its button", async ({ lab }) => {
  await lab.goto();
  const groups = new GroupsPage(lab.page);
  await groups.open();
  const name = (await groups.list.getByRole("row").nth(1).getByRole("button").first().textContent()) ?? "";
  const trash = groups.row(name).getByRole("button", { name: `Delete ${name}` });
  await trash.click();
  const dialog = groups.panel.getByRole("alertdialog");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await lab.page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(trash).toBeFocused();
});
