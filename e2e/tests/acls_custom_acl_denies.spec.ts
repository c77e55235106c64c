// A new custom network ACL, associated with the public subnet, denies everything:
// connection 1 is stopped at the subnet's edge with SUBNET_ACL_RESTRICTION, by the
// final * rule, the only one a new ACL has.
import { test, expect } from "../fixtures/lab";
import { AclsPage, PUBLIC_SUBNET } from "../fixtures/acls_page";

test("a custom ACL on the public subnet denies connection 1 with SUBNET_ACL_RESTRICTION", async ({ lab }) => {
  await lab.goto();
  const acls = new AclsPage(lab.page);
  await acls.open();
  await expect(acls.list.locator("tbody tr")).toHaveCount(1);

  await acls.create("public-acl");
  // Only the final rules: * denies all, in and out.
  expect(await acls.ruleNumbers("inbound")).toEqual(["*"]);
  expect(await acls.ruleNumbers("outbound")).toEqual(["*"]);
  await expect(acls.rulesTable("inbound").locator('tr[data-rule="*"]')).toContainText("Deny");
  await expect(acls.panel.getByTestId("acl-default")).toHaveText("No");

  await acls.associate([PUBLIC_SUBNET]);
  await expect(acls.panel.getByRole("table", { name: "Subnet associations" })).toContainText(PUBLIC_SUBNET);

  await acls.open();
  await expect(acls.row("public-acl").getByTestId("associated-with")).toHaveText("public-subnet");
  await expect(acls.row("public-acl").getByTestId("is-default")).toHaveText("No");
  await expect(acls.row("acl-0a1b2c3d4e5f60001").getByTestId("associated-with")).toHaveText("private-subnet");
  await expect(acls.row("acl-0a1b2c3d4e5f60001").getByTestId("is-default")).toHaveText("Yes");

  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.fire(1);
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.reasonCode(1)).toHaveText("SUBNET_ACL_RESTRICTION");
  await expect(lab.blockedReason).toContainText(", request hop");
  await expect(lab.explanation).toContainText("Decided by rule *");
});
