import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";

test("the deciding rule in an explanation opens in the security group editor, highlighted", async ({ lab }) => {
  await lab.goto();
  await lab.fire(2);
  await expect(lab.verdict(2)).toHaveAttribute("data-verdict", "allowed");
  // Connection 2 is decided by the database group's inbound rule: TCP 3306 from 10.1.1.0/24.
  const link = lab.hops("request").getByTestId("rule-link").filter({ hasText: "of database-sg" });
  await expect(link).toHaveCount(1);
  await link.click();

  const groups = new GroupsPage(lab.page);
  await expect(lab.page.getByRole("tab", { name: "Security groups" })).toHaveAttribute("aria-selected", "true");
  await expect(groups.heading).toContainText("database-sg");
  const highlighted = groups.rulesTable("inbound").locator('tr[aria-current="true"]');
  await expect(highlighted).toHaveCount(1);
  await expect(highlighted).toContainText("3306");
  await expect(highlighted).toContainText("10.1.1.0/24");
  await expect(highlighted).toBeInViewport();
});
