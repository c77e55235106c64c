import { test, expect } from "../fixtures/lab";

test("a subnet CIDR outside the VPC shows the engine's message and keeps the input", async ({ lab }) => {
  await lab.goto();
  await lab.page.getByTestId("diagram-add").click();
  const form = lab.page.getByTestId("add-subnet");
  await form.getByLabel("Name").fill("outside");
  await form.getByLabel("IPv4 CIDR block").fill("10.9.0.0/24");
  await form.getByRole("button", { name: "Add subnet" }).click();
  await expect(form.getByTestId("error-cidr")).toBeVisible();
  await expect(form.getByTestId("error-cidr")).toContainText("10.9.0.0/24");
  await expect(form.getByLabel("IPv4 CIDR block")).toHaveValue("10.9.0.0/24");
  await expect(form.getByLabel("Name")).toHaveValue("outside");
});
