import { test, expect } from "../fixtures/lab";
import { ReachPage } from "../fixtures/reach_page";

// The chapter's four connections, read off the matrix: each on its own service.
test("the matrix gives the chapter's four connections their verdicts", async ({ lab }) => {
  await lab.goto();
  const reach = new ReachPage(lab.page);
  await reach.open();

  // HTTPS 443 is the default.
  await expect(lab.page.getByLabel("Type", { exact: true })).toHaveValue("HTTPS");
  await expect(reach.rowHeaders()).toHaveText(["App Server", "MySQL database", "Web browser", "Suspicious server"]);
  await expect(reach.columnHeaders()).toHaveText(["App Server", "MySQL database", "Web browser", "Suspicious server"]);

  // 1: Web browser → App Server, HTTPS: allowed.
  await expect(reach.cell("Web browser", "App Server")).toHaveAccessibleName("Web browser → App Server: allowed");
  await expect(reach.cell("Web browser", "App Server")).toHaveAttribute("data-state", "allowed");
  // 3: App Server → the suspicious server, HTTPS: its only outbound rule is MySQL.
  await expect(reach.cell("App Server", "Suspicious server")).toHaveAccessibleName(
    "App Server → Suspicious server: blocked (ENI_SG_RULES_MISMATCH at eni-0a1b2c3d4e5f60001)",
  );
  // 4: the database → App Server, HTTPS: its group has no outbound rule at all.
  await expect(reach.cell("MySQL database", "App Server")).toHaveAccessibleName(
    "MySQL database → App Server: blocked (SG_HAS_NO_RULES at eni-0a1b2c3d4e5f60002)",
  );
  // Two internet hosts are not a connection the lab can judge: the details say why,
  // their addresses shown as code, with no backticks.
  await expect(reach.cell("Web browser", "Suspicious server")).toHaveAttribute("data-state", "none");
  await reach.cell("Web browser", "Suspicious server").hover();
  await expect(reach.details).toContainText("not a connection. Neither 1.2.3.4 nor 203.0.113.66 is in the lab");
  await expect(reach.details).not.toContainText("`");
  await expect(reach.details.locator("code", { hasText: "1.2.3.4" })).toHaveCount(1);

  // 2: App Server → MySQL database, on MYSQL/Aurora.
  await reach.chooseType("MYSQL/Aurora (3306)");
  await expect(reach.summary).toContainText("MYSQL/Aurora (TCP 3306)");
  await expect(reach.cell("App Server", "MySQL database")).toHaveAccessibleName("App Server → MySQL database: allowed");
  await expect(reach.cell("Web browser", "App Server")).toHaveAttribute("data-state", "blocked");

  // Hovering a blocked cell says where and why.
  await reach.chooseType("HTTPS (443)");
  await reach.cell("MySQL database", "App Server").hover();
  await expect(reach.details).toContainText("blocked at MySQL database's security groups (eni-0a1b2c3d4e5f60002)");
  await expect(reach.details).toContainText("Security groups, outbound, on the request");
  await expect(reach.details).toContainText("SG_HAS_NO_RULES");

  // Each reason code in the counts has its words beside it, without hovering.
  const reasons = lab.page.getByRole("list", { name: "Blocked pairs by reason" });
  await expect(reasons).toContainText("ENI_SG_RULES_MISMATCH: the interface's security groups have rules, but none allows it");
  await expect(reasons).toContainText("SG_HAS_NO_RULES: the interface's security groups have no rules at all in that direction");
});
