import { test, expect } from "../fixtures/lab";

const APP_SERVER_ENI = "eni-0a1b2c3d4e5f60001";
const DATABASE_ENI = "eni-0a1b2c3d4e5f60002";

test("connections 1 and 2 are allowed and drawn as double-headed arrows", async ({ lab }) => {
  await lab.goto();
  for (const [index, number] of [1, 2].entries()) {
    await lab.fire(number);
    await expect(lab.verdict(number)).toHaveAttribute("data-verdict", "allowed");
    await expect(lab.reasonCode(number)).toHaveCount(0);
    await expect(lab.explanationSummary).toHaveAttribute("data-verdict", "allowed");
    await expect(lab.explanationSummary).toContainText("the reply returns");
    const arrow = lab.arrow(index);
    await expect(arrow).toHaveAttribute("data-state", "allowed");
    await expect(arrow).toHaveAttribute("data-heads", "2");
    await expect(arrow).not.toHaveAttribute("data-blocked-at", /.+/);
    await expect(lab.stopMarks(index)).toHaveCount(0);
  }
});

test("connection 3 is denied at the App Server's outbound rules", async ({ lab }) => {
  await lab.goto();
  await lab.fire(3);
  await expect(lab.verdict(3)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.reasonCode(3)).toHaveText("ENI_SG_RULES_MISMATCH");
  await expect(lab.explanationReasonCode).toHaveText("ENI_SG_RULES_MISMATCH");
  await expect(lab.explanationSummary).toContainText("No outbound rule of App Server's security groups");
  await expect(lab.arrow(0)).toHaveAttribute("data-state", "blocked");
  await expect(lab.arrow(0)).toHaveAttribute("data-blocked-at", APP_SERVER_ENI);
  await expect(lab.stopMarks(0)).toHaveCount(1);
});

test("connection 4 is denied because the database's group has no outbound rules", async ({ lab }) => {
  await lab.goto();
  await lab.fire(4);
  await expect(lab.verdict(4)).toHaveAttribute("data-verdict", "denied");
  await expect(lab.reasonCode(4)).toHaveText("SG_HAS_NO_RULES");
  await expect(lab.explanationReasonCode).toHaveText("SG_HAS_NO_RULES");
  // The truthful reason: the database's own group, not the App Server's.
  await expect(lab.explanationSummary).toContainText("MySQL database, database-sg (sg-0a1b2c3d4e5f60003), have no outbound rules");
  await expect(lab.blockedReason).toContainText("Security groups, outbound");
  await expect(lab.arrow(0)).toHaveAttribute("data-state", "blocked");
  await expect(lab.arrow(0)).toHaveAttribute("data-blocked-at", DATABASE_ENI);
  await expect(lab.stopMarks(0)).toHaveCount(1);
});
