// AWS refuses to delete the VPC's default network ACL, and a custom one while a
// subnet is associated with it; the refusal shows the API's code and message.
import { test, expect } from "../fixtures/lab";
import { AclsPage, DEFAULT_ACL, PUBLIC_SUBNET } from "../fixtures/acls_page";

test("the default ACL cannot be deleted, an associated one neither, an unused one can", async ({ lab }) => {
  await lab.goto();
  const acls = new AclsPage(lab.page);
  await acls.openAcl(DEFAULT_ACL);
  await expect(acls.panel.getByTestId("acl-default")).toHaveText("Yes");
  await acls.deleteFromDetails();
  await expect(acls.error).toContainText("InvalidParameterValue");
  await expect(acls.error).toContainText(`Cannot delete default network ACL ${DEFAULT_ACL}`);
  await acls.panel.getByRole("button", { name: "Cancel" }).click();

  await acls.open();
  await acls.create("public-acl");
  await acls.associate([PUBLIC_SUBNET]);
  await acls.deleteFromDetails();
  await expect(acls.error).toContainText("DependencyViolation");
  await acls.panel.getByRole("button", { name: "Cancel" }).click();

  await acls.associate([]);
  await expect(acls.panel.getByRole("region", { name: "Subnet associations" })).toContainText("No subnets use this network ACL");
  await acls.deleteFromDetails();
  await expect(acls.list).toBeVisible();
  await expect(acls.list.locator("tbody tr")).toHaveCount(1);
  await expect(acls.row(DEFAULT_ACL).getByTestId("associated-with")).toHaveText("public-subnet, private-subnet");
});
