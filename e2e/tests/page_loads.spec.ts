import { test, expect } from "../fixtures/lab";

test("the lab loads with its title and the chapter's network", async ({ lab }) => {
  await lab.goto();
  await expect(lab.page).toHaveTitle("SG Lab");
  await expect(lab.title).toHaveText("SG Lab");
  await expect(lab.networkSummary).toContainText("10.1.0.0/16");
  await expect(lab.networkSummary).toContainText("App Server");
  await expect(lab.networkSummary).toContainText("MySQL database");
  await expect(lab.connections).toHaveCount(4);
});
