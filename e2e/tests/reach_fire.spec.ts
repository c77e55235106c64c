import { test, expect } from "../fixtures/lab";
import { ReachPage } from "../fixtures/reach_page";

test("pressing a cell fires its connection and shows it on the diagram", async ({ lab }) => {
  await lab.goto();
  const reach = new ReachPage(lab.page);
  await reach.open();

  await reach.cell("Web browser", "App Server").click();
  await expect(lab.page.getByRole("tab", { name: "Connections" })).toHaveAttribute("aria-selected", "true");
  await expect(lab.firedItems).toHaveCount(1);
  await expect(lab.firedItem(0)).toHaveAttribute("data-verdict", "allowed");
  await expect(lab.arrow(0)).toHaveAttribute("data-state", "allowed");
  await expect(lab.explanationSummary).toContainText("Web browser");

  // A blocked cell fires too: the arrow stops where the matrix said.
  await reach.open();
  await reach.cell("App Server", "Suspicious server").click();
  await expect(lab.firedItems).toHaveCount(2);
  await expect(lab.firedItem(1)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.arrow(1)).toHaveAttribute("data-state", "blocked");
  await expect(lab.arrow(1)).toHaveAttribute("data-blocked-at", "eni-0a1b2c3d4e5f60001");
  await expect(lab.explanationReasonCode).toHaveText("ENI_SG_RULES_MISMATCH");

  // The tab kept its service while the Connections tab was open.
  await reach.open();
  await reach.chooseType("MYSQL/Aurora (3306)");
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await reach.open();
  await expect(lab.page.getByLabel("Type", { exact: true })).toHaveValue("MYSQL/Aurora");

  // Not a connection: nothing to fire.
  await expect(reach.cell("Web browser", "Suspicious server")).toBeDisabled();
  await reach.cell("Web browser", "Suspicious server").click({ force: true });
  await expect(lab.page.getByRole("tab", { name: "Who can reach" })).toHaveAttribute("aria-selected", "true");
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await expect(lab.firedItems).toHaveCount(2);
});
