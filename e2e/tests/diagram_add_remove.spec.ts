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
