import { test, expect } from "../fixtures/lab";
import { FixesPage } from "../fixtures/fixes_page";
import { KeepPage } from "../fixtures/keep_page";

test("connection 4's blocker is fixed with one click and Undo takes the fix back", async ({ lab }) => {
  await lab.goto();
  const fixes = new FixesPage(lab.page);
  const keep = new KeepPage(lab.page);
  await lab.fire(4);
  await expect(lab.verdict(4)).toHaveAttribute("data-verdict", "denied");

  // The database's own group stops it: no outbound rules.
  await expect(fixes.section.getByRole("heading", { name: "What would make it work" })).toBeVisible();
  expect(await fixes.blockerCodes()).toEqual(["SG_HAS_NO_RULES"]);
  await expect(fixes.blockers.first()).toContainText("MySQL database's security groups");
  await expect(fixes.blockers.first()).toContainText("Request hop 1");
  // The button says what it does.
  const apply = fixes.section.getByRole("button", {
    name: "Apply: Add outbound rule TCP 443 to sg-0a1b2c3d4e5f60002 (app-server-sg) in sg-0a1b2c3d4e5f60003 (database-sg)",
  });
  await expect(apply).toBeVisible();

  await apply.click();
  await expect(lab.verdict(4)).toHaveAttribute("data-verdict", "allowed");
  await expect(lab.explanationSummary).toHaveAttribute("data-verdict", "allowed");
  await expect(lab.arrow(0)).toHaveAttribute("data-state", "allowed");
  await expect(fixes.notice).toContainText("Applied: Add outbound rule TCP 443");
  await expect(fixes.notice).toContainText("Undo");
  // The keyboard is not lost with the button: it is on the message.
  await expect(fixes.notice).toBeFocused();
  // Allowed now: the section turns to what lets it through, closed.
  await expect(fixes.blockers).toHaveCount(0);
  await expect(fixes.section.getByRole("button", { name: /^What lets it through/ })).toHaveAttribute("aria-expanded", "false");

  await keep.undo();
  await expect(lab.verdict(4)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.explanationSummary).toHaveAttribute("data-verdict", "denied");
  expect(await fixes.blockerCodes()).toEqual(["SG_HAS_NO_RULES"]);
  // The message went with the change it spoke of.
  await expect(fixes.notice).toHaveCount(0);
});

test("connection 3: whatever the lab proposes, applied, makes it allowed", async ({ lab }) => {
  await lab.goto();
  const fixes = new FixesPage(lab.page);
  await lab.fire(3);
  await expect(lab.verdict(3)).toHaveAttribute("data-verdict", "denied");
  await expect(fixes.blockers.first()).toBeVisible();
  await expect(fixes.section.getByTestId("by-hand")).toHaveCount(0);
  await fixes.applyEveryFix();
  await expect(lab.verdict(3)).toHaveAttribute("data-verdict", "allowed");
  await expect(lab.explanationSummary).toHaveAttribute("data-verdict", "allowed");
});

test("connection 1: a change that would block it, applied, blocks it", async ({ lab }) => {
  await lab.goto();
  const fixes = new FixesPage(lab.page);
  await lab.fire(1);
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "allowed");

  // Closed until asked for.
  await expect(fixes.blocks.first()).toBeHidden();
  await fixes.open("What lets it through");
  await expect(fixes.section.getByTestId("opening").filter({ hasText: "Security groups, inbound" })).toContainText(
    "sgr-0a1b2c3d4e5f60003 of app-server-sg",
  );
  await fixes.open("What would block it");
  await expect(fixes.blocks.first()).toContainText("Remove inbound rule TCP 443 from 0.0.0.0/0 in sg-0a1b2c3d4e5f60002 (app-server-sg)");

  // From the keyboard.
  await fixes.blocks.first().getByRole("button", { name: /^Apply: Remove inbound rule TCP 443/ }).focus();
  await lab.page.keyboard.press("Enter");
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.explanationReasonCode).toHaveText("SG_HAS_NO_RULES");
  // And what would make it work again: the rule back, for the browser's address.
  await expect(fixes.blockers).toHaveCount(1);
});
