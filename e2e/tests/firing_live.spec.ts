import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";

test("a fired connection is judged again when the rule that allowed it is deleted", async ({ lab }) => {
  await lab.goto();
  await lab.fire(2);
  await expect(lab.arrow(0)).toHaveAttribute("data-state", "allowed");
  await expect(lab.firedItem(0)).toHaveAttribute("data-session", "open");

  // The deciding rule links to the database's group in the editor.
  await lab.hops("request").last().getByTestId("rule-link").click();
  const groups = new GroupsPage(lab.page);
  await expect(lab.page.getByRole("tab", { name: "Security groups" })).toHaveAttribute("aria-selected", "true");
  await expect(groups.panel).toContainText("sgr-0a1b2c3d4e5f60005");

  await groups.panel.getByRole("button", { name: "Edit inbound rules" }).click();
  await groups.field("Delete", "inbound", 1).click();
  await groups.panel.getByRole("button", { name: "Save rules" }).click();
  await expect(groups.panel).not.toContainText("sgr-0a1b2c3d4e5f60005");

  // The arrow turns blocked at the database; the open connection lives on by tracking.
  await expect(lab.arrow(0)).toHaveAttribute("data-state", "blocked");
  await expect(lab.arrow(0)).toHaveAttribute("data-blocked-at", "eni-0a1b2c3d4e5f60002");
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await expect(lab.firedItem(0)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.firedItem(0)).toHaveAttribute("data-session", "open-by-tracking");
  await expect(lab.firedItem(0)).toContainText("tracks it");
  await expect(lab.explanationReasonCode).toHaveText("SG_HAS_NO_RULES");
});
