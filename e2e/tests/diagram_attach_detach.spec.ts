import { test, expect } from "../fixtures/lab";
import { DiagramPage, APP_SERVER } from "../fixtures/diagram_page";

test("a second group can be attached and detached; the last one cannot", async ({ lab }) => {
  await lab.goto();
  const d = new DiagramPage(lab.page);
  await d.select(APP_SERVER);
  await d.details.getByLabel("Security group to attach").selectOption("sg-0a1b2c3d4e5f60003");
  await d.details.getByRole("button", { name: "Attach security group" }).click();
  await expect(d.details.getByTestId("attached-sg-0a1b2c3d4e5f60003")).toBeVisible();
  await expect(d.node(APP_SERVER)).toContainText("database-sg");
  await d.details.getByRole("button", { name: "Detach database-sg" }).click();
  await expect(d.details.getByTestId("attached-sg-0a1b2c3d4e5f60003")).toHaveCount(0);
  await d.details.getByRole("button", { name: "Detach app-server-sg" }).click();
  await expect(d.details.getByRole("alert")).toBeVisible();
  await expect(d.details).toContainText("app-server-sg");
});
