import { test, expect } from "../fixtures/lab";
import { DiagramPage, PRIVATE_SUBNET } from "../fixtures/diagram_page";

test("an EC2 instance can be added to the private subnet and removed", async ({ lab }) => {
  await lab.goto();
  const d = new DiagramPage(lab.page);
  await lab.page.getByTestId("diagram-add").click();
  const form = lab.page.getByTestId("add-resource");
  await form.getByLabel("Name").fill("Worker");
  await form.locator('select[name="subnet"]').selectOption(PRIVATE_SUBNET);
  await form.getByRole("button", { name: "Add resource" }).click();
  const worker = lab.page.locator('[data-testid^="node-"]', { hasText: "Worker" });
  await expect(worker).toHaveCount(1);
  await expect(d.details).toContainText("Worker");
  await d.details.getByRole("button", { name: "Remove Worker" }).click();
  await d.details.getByRole("button", { name: "Confirm remove" }).click();
  await expect(worker).toHaveCount(0);
});

test("a subnet can be added and removed; one with a resource in it is refused with AWS's reason", async ({ lab }) => {
  await lab.goto();
  const d = new DiagramPage(lab.page);
  await lab.page.getByTestId("diagram-add").click();
  const form = lab.page.getByTestId("add-subnet");
  await form.getByLabel("Name").fill("batch-subnet");
  await form.getByLabel("IPv4 CIDR block").fill("10.1.3.0/24");
  await form.getByRole("button", { name: "Add subnet" }).click();
  const subnets = lab.page.getByRole("region", { name: "Subnets" });
  const added = subnets.getByRole("listitem").filter({ hasText: "batch-subnet" });
  await expect(added).toContainText("10.1.3.0/24");
  await expect(added).toContainText("Private");
  await expect(lab.page.locator('[data-testid^="subnet-subnet-"]')).toHaveCount(3);

  await added.getByRole("button", { name: "Remove batch-subnet" }).click();
  await added.getByRole("button", { name: "Confirm remove" }).click();
  await expect(added).toHaveCount(0);
  await expect(lab.page.locator('[data-testid^="subnet-subnet-"]')).toHaveCount(2);

  // The database still has its interface in the private subnet.
  const privateRow = subnets.getByTestId(`subnet-row-${PRIVATE_SUBNET}`);
  await privateRow.getByRole("button", { name: "Remove private-subnet" }).click();
  await privateRow.getByRole("button", { name: "Confirm remove" }).click();
  await expect(privateRow.getByRole("alert")).toContainText("DependencyViolation");
  await expect(d.subnet(PRIVATE_SUBNET)).toBeVisible();
});
