import { test, expect } from "../fixtures/lab";
import { ReachPage } from "../fixtures/reach_page";

test("the grid is one tab stop; arrow keys move between cells and Enter fires", async ({ lab }) => {
  await lab.goto();
  const reach = new ReachPage(lab.page);
  await reach.open();

  const first = reach.cell("App Server", "App Server");
  await expect(first).toHaveAttribute("tabindex", "0");
  await expect(reach.grid.locator('button[tabindex="0"]')).toHaveCount(1);
  await first.focus();
  await expect(reach.details).toContainText("the same end");

  await lab.page.keyboard.press("ArrowDown");
  await lab.page.keyboard.press("ArrowDown");
  await expect(reach.cell("Web browser", "App Server")).toBeFocused();
  await expect(reach.details).toContainText("Web browser → App Server, HTTPS (TCP 443): allowed");
  await lab.page.keyboard.press("End");
  await expect(reach.cell("Web browser", "Suspicious server")).toBeFocused();
  await lab.page.keyboard.press("Home");
  await lab.page.keyboard.press("ArrowUp");
  await expect(reach.cell("MySQL database", "App Server")).toBeFocused();
  await expect(reach.details).toContainText("SG_HAS_NO_RULES");
  await expect(reach.grid.locator('button[tabindex="0"]')).toHaveCount(1);

  await lab.page.keyboard.press("Enter");
  await expect(lab.page.getByRole("tab", { name: "Connections" })).toHaveAttribute("aria-selected", "true");
  await expect(lab.firedItem(0)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.explanationReasonCode).toHaveText("SG_HAS_NO_RULES");
});
