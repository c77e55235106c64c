import { test, expect } from "../fixtures/lab";

test("a connection fired from the form is judged, explained, listed and drawn", async ({ lab }) => {
  await lab.goto();
  await lab.chooseEnd("Source", "Web browser (1.2.3.4)");
  await lab.chooseEnd("Destination", "App Server (10.1.1.33)");
  await lab.chooseService("HTTP (80)");
  await lab.fireForm();

  await expect(lab.explanationSummary).toHaveAttribute("data-verdict", "denied");
  await expect(lab.explanationReasonCode).toHaveText("ENI_SG_RULES_MISMATCH");
  await expect(lab.blockedReason).toContainText("Security groups, inbound");
  // The request passed the gateway (its destination translated) and the network ACL.
  await expect(lab.hops("request").first()).toContainText("1.2.3.4:50000 → 10.1.1.33:80");
  await expect(lab.hops("request").last()).toHaveAttribute("data-outcome", "blocked");

  await expect(lab.arrow(0)).toHaveAttribute("data-state", "blocked");
  await expect(lab.arrow(0)).toHaveAttribute("data-blocked-at", "eni-0a1b2c3d4e5f60001");
  await expect(lab.stopMarks(0)).toHaveCount(1);

  await expect(lab.firedItems).toHaveCount(1);
  await expect(lab.firedItem(0)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.firedItem(0)).toHaveAttribute("data-session", "never-opened");
});

test("a custom port and source port are used", async ({ lab }) => {
  await lab.goto();
  await lab.chooseEnd("Source", "App Server (10.1.1.33)");
  await lab.chooseEnd("Destination", "MySQL database (10.1.2.15)");
  await lab.chooseService("Custom TCP");
  await lab.page.getByLabel("Port", { exact: true }).fill("3306");
  await lab.page.getByLabel("Source port").fill("40000");
  await lab.fireForm();
  await expect(lab.explanationSummary).toHaveAttribute("data-verdict", "allowed");
  await expect(lab.hops("request").first()).toContainText("10.1.1.33:40000 → 10.1.2.15:3306");
  await expect(lab.arrow(0)).toHaveAttribute("data-heads", "2");
});
