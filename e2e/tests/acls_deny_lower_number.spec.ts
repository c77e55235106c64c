// Rules are evaluated lowest number first: a DENY numbered 200 is never reached
// behind an ALLOW at 100, and the same DENY numbered 50 wins.
import { test, expect } from "../fixtures/lab";
import { AclsPage, PUBLIC_SUBNET } from "../fixtures/acls_page";

test("a DENY with a lower rule number wins over an ALLOW", async ({ lab }) => {
  await lab.goto();
  const acls = new AclsPage(lab.page);
  await acls.open();
  await acls.create("public-acl");
  await acls.associate([PUBLIC_SUBNET]);
  await acls.addEntries("inbound", [{ ruleNumber: "100", type: "HTTPS", cidr: "0.0.0.0/0" }]);
  await acls.addEntries("outbound", [
    { ruleNumber: "100", type: "Custom TCP", portRange: "1024-65535", cidr: "0.0.0.0/0" },
  ]);
  await acls.addEntries("inbound", [
    { ruleNumber: "200", type: "All traffic", cidr: "1.2.3.4/32", action: "Deny" },
  ]);
  expect(await acls.ruleNumbers("inbound")).toEqual(["100", "200", "*"]);

  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.fire(1);
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "allowed");
  await expect(lab.explanation).toContainText("Decided by rule 100");

  // Renumber the DENY to 50: it now comes first, and connection 1 is cut.
  await acls.openTab();
  await acls.editRules("inbound");
  await acls.field("Rule number", "inbound", 2).fill("50");
  await acls.save();
  await expect(acls.rulesTable("inbound")).toBeVisible();
  expect(await acls.ruleNumbers("inbound")).toEqual(["50", "100", "*"]);
  await expect(acls.rulesTable("inbound").locator('tr[data-rule="50"]')).toContainText("Deny");

  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.fire(1);
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.reasonCode(1)).toHaveText("SUBNET_ACL_RESTRICTION");
  await expect(lab.explanation).toContainText("Decided by rule 50 (deny)");
});
