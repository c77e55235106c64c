// Two rules with one number in one direction are refused with the API's code, next
// to the rule number; nothing is saved and nothing typed is lost, also after
// leaving the tab and coming back.
import { test, expect } from "../fixtures/lab";
import { AclsPage, DEFAULT_ACL } from "../fixtures/acls_page";

test("a duplicate rule number is refused next to the field, and the draft is kept", async ({ lab }) => {
  await lab.goto();
  const acls = new AclsPage(lab.page);
  await acls.openAcl(DEFAULT_ACL);
  await acls.editRules("inbound");
  await expect(acls.rows("inbound")).toHaveCount(1);
  await acls.addEntry("inbound", 2, { ruleNumber: "100", type: "SSH", cidr: "10.0.0.0/8", action: "Deny" });
  await acls.save();

  const number = acls.field("Rule number", "inbound", 2);
  await expect(number).toHaveAttribute("aria-invalid", "true");
  const message = acls.rows("inbound").nth(1).getByRole("alert");
  await expect(message).toContainText("NetworkAclEntryAlreadyExists");
  await expect(message).toContainText("identified by 100 already exists");
  await expect(acls.error).toContainText("There is a problem with this form");

  // Out of range and a bad CIDR get their own messages.
  await number.fill("40000");
  await acls.field("Source", "inbound", 2).fill("10.0.0.300/8");
  await acls.save();
  await expect(acls.rows("inbound").nth(1)).toContainText("Rule number 40000 is out of range: use 1 to 32766");
  await expect(acls.rows("inbound").nth(1)).toContainText("Enter a valid CIDR block");

  // The draft survives a trip to another tab.
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await acls.openTab();
  await expect(acls.field("Rule number", "inbound", 2)).toHaveValue("40000");
  await expect(acls.field("Source", "inbound", 2)).toHaveValue("10.0.0.300/8");
  await expect(acls.field("Allow/Deny", "inbound", 2)).toHaveValue("Deny");

  // Fixed, it saves, as one more rule.
  await acls.field("Rule number", "inbound", 2).fill("90");
  await acls.field("Source", "inbound", 2).fill("10.0.0.0/8");
  await acls.save();
  expect(await acls.ruleNumbers("inbound")).toEqual(["90", "100", "*"]);
  await expect(acls.rulesTable("inbound").locator('tr[data-rule="90"]')).toContainText("SSH");
});
