import { test, expect } from "../fixtures/lab";
import { DiagramPage, APP_SERVER } from "../fixtures/diagram_page";

test("selecting the App Server shows its interface and security group in the Details tab", async ({ lab }) => {
  await lab.goto();
  const d = new DiagramPage(lab.page);
  await d.select(APP_SERVER);
  await expect(lab.page.getByRole("tab", { name: "Details" })).toHaveAttribute("aria-selected", "true");
  await expect(d.details).toContainText("EC2 instance");
  await expect(d.details).toContainText(APP_SERVER);
  await expect(d.details).toContainText("eni-0a1b2c3d4e5f60001");
  await expect(d.details).toContainText("app-server-sg");
  await expect(d.details).toContainText("10.1.1.33");
});
