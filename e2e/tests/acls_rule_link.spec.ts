import { test, expect } from "../fixtures/lab";

test("a network ACL rule in an explanation opens in the Network ACLs tab, highlighted", async ({ lab }) => {
  await lab.goto();
  await lab.fire(1);
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "allowed");
  // The request enters the public subnet through its ACL's inbound rule 100.
  const link = lab.hops("request").getByTestId("acl-rule-link").filter({ hasText: "rule 100 (allow) of acl-" }).first();
  await expect(link).toBeVisible();
  await link.click();

  await expect(lab.page.getByRole("tab", { name: "Network ACLs" })).toHaveAttribute("aria-selected", "true");
  const inbound = lab.page.getByRole("table", { name: "Inbound rules" });
  const highlighted = inbound.locator('tr[aria-current="true"]');
  await expect(highlighted).toHaveCount(1);
  await expect(highlighted).toContainText("100");
  await expect(highlighted).toContainText("Allow");
});
