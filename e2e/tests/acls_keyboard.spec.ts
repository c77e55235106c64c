import { test, expect } from "../fixtures/lab";
import { AclsPage } from "../fixtures/acls_page";
import { expectMessageSeen, tabTo } from "../fixtures/keyboard";

test("Create network ACL: focus in Name, Enter does not create, Escape returns to the button", async ({ lab }) => {
  await lab.goto();
  const acls = new AclsPage(lab.page);
  await acls.open();
  const count = await acls.list.getByRole("row").count();
  await acls.panel.getByRole("button", { name: "Create network ACL" }).focus();
  await lab.page.keyboard.press("Enter");
  const name = acls.panel.getByLabel("Name - optional", { exact: true });
  await expect(name).toBeFocused();
  await lab.page.keyboard.type("half-finished");
  await lab.page.keyboard.press("Enter");
  await expect(acls.panel.getByRole("heading", { level: 2 })).toHaveText("Create network ACL");

  await lab.page.keyboard.press("Escape");
  await expect(acls.list).toBeVisible();
  await expect(acls.list.getByRole("row")).toHaveCount(count);
  await expect(acls.panel.getByRole("button", { name: "Create network ACL" })).toBeFocused();
});

test("Add new rule puts focus on the new row, and a refused CIDR's message is in view", async ({ lab }) => {
  await lab.goto();
  const acls = new AclsPage(lab.page);
  await acls.open();
  await acls.create("our-learning-acl");
  await acls.editRules("inbound");
  const { page } = lab;
  for (const number of [1, 2]) {
    await acls.panel.getByRole("button", { name: "Add new inbound rule" }).press("Enter");
    await tabTo(page, acls.field("Rule number", "inbound", number), 0);
    await page.keyboard.type(`${number}00`);
    await tabTo(page, acls.field("Type", "inbound", number), 2);
    await page.keyboard.type("HTTPS");
    await tabTo(page, acls.field("Source", "inbound", number), 2);
    await page.keyboard.type(number === 2 ? "10.1.300.0/24" : "0.0.0.0/0");
    // Enter in a field saves nothing.
    await page.keyboard.press("Enter");
    await expect(acls.panel.getByRole("heading", { level: 2 })).toHaveText("Edit inbound rules");
  }
  await acls.save();
  const source = acls.field("Source", "inbound", 2);
  await expect(source).toHaveAttribute("aria-invalid", "true");
  await expect(source).toBeFocused();
  await expectMessageSeen(source);

  await page.keyboard.press("Escape");
  await expect(acls.rulesTable("inbound")).toBeVisible();
  await expect(acls.panel.getByRole("button", { name: "Edit inbound rules" })).toBeFocused();
});
