// The classic mistake with a stateless ACL: HTTPS is let in, but the reply goes to
// the browser's ephemeral port and the outbound side has only *, so connection 1 is
// blocked on its reply leg. Allowing outbound TCP 1024-65535 lets it through.
import { test, expect } from "../fixtures/lab";
import { AclsPage, PUBLIC_SUBNET } from "../fixtures/acls_page";

test("inbound HTTPS alone fails on the reply; outbound 1024-65535 makes connection 1 allowed", async ({ lab }) => {
  await lab.goto();
  const acls = new AclsPage(lab.page);
  await acls.open();
  await acls.create("public-acl");
  await acls.associate([PUBLIC_SUBNET]);

  await acls.addEntries("inbound", [{ ruleNumber: "100", type: "HTTPS", cidr: "0.0.0.0/0" }]);
  const https = acls.rulesTable("inbound").locator('tr[data-rule="100"]');
  await expect(https).toContainText("HTTPS");
  await expect(https).toContainText("TCP (6)");
  await expect(https).toContainText("443");
  await expect(https).toContainText("Allow");
  expect(await acls.ruleNumbers("inbound")).toEqual(["100", "*"]);

  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.fire(1);
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.reasonCode(1)).toHaveText("SUBNET_ACL_RESTRICTION");
  await expect(lab.blockedReason).toContainText(", reply hop");
  await expect(lab.explanation.getByTestId("leg-reply").locator('[data-testid="hop"][data-outcome="blocked"]')).toContainText("Network ACL, outbound");

  await acls.openTab();
  await acls.addEntries("outbound", [
    { ruleNumber: "100", type: "Custom TCP", portRange: "1024-65535", cidr: "0.0.0.0/0" },
  ]);
  await expect(acls.rulesTable("outbound").locator('tr[data-rule="100"]')).toContainText("1024 - 65535");

  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.fire(1);
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "allowed");

  // The list counts the numbered rules, not the final *.
  await acls.open();
  await expect(acls.row("public-acl").getByTestId("inbound-count")).toHaveText("1");
  await expect(acls.row("public-acl").getByTestId("outbound-count")).toHaveText("1");
});
