import { test, expect } from "../fixtures/lab";

test("fired connections are listed, can be forgotten one by one, and cleared", async ({ lab }) => {
  await lab.goto();
  await lab.fire(1);
  await lab.fire(3);
  await expect(lab.firedItems).toHaveCount(2);
  await expect(lab.firedItem(0)).toHaveAttribute("data-session", "open");
  await expect(lab.firedItem(1)).toHaveAttribute("data-session", "never-opened");
  await expect(lab.arrows).toHaveCount(2);

  await lab.forget(1);
  await expect(lab.firedItems).toHaveCount(1);
  await expect(lab.firedItem(0)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.arrow(0)).toHaveAttribute("data-state", "blocked");
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "none");

  await lab.clearConnections();
  await expect(lab.firedItems).toHaveCount(0);
  await expect(lab.arrows).toHaveCount(0);
  await expect(lab.explanation).toContainText("Fire a connection to follow its packet");
});
