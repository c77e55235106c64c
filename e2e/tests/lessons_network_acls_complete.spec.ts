// Lesson 2 from the student's side: every step done the way the lesson says, through
// the Network ACLs tab (Create network ACL, Edit subnet associations, Edit inbound
// and outbound rules) and the Connections tab, each step turning done as the lab
// comes to pass its checks, until the lesson is complete.
import { test, expect } from "../fixtures/lab";
import { AclsPage, PUBLIC_SUBNET, PRIVATE_SUBNET } from "../fixtures/acls_page";
import { LessonsPage } from "../fixtures/lessons_page";
import type { LabPage } from "../fixtures/lab_page";

async function fire(lab: LabPage, number: number, expected: "allowed" | "denied") {
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  await lab.fire(number);
  await expect(lab.verdict(number)).toHaveAttribute("data-verdict", expected);
}

test("lesson 2 is done step by step through the Network ACLs tab, and completes", async ({ lab }) => {
  test.setTimeout(180_000);
  await lab.goto();
  const lessons = new LessonsPage(lab.page);
  const acls = new AclsPage(lab.page);

  await lessons.open();
  await lessons.start("02-network-acls", "Lesson 2: Network ACLs");
  await lessons.expectProgress(0, 8);

  // 1: read, and look at the default ACL in the Network ACLs tab.
  await lessons.nextStep("what-is-a-network-acl");
  await acls.openAcl("acl-0a1b2c3d4e5f60001");
  expect(await acls.ruleNumbers("inbound")).toEqual(["100", "*"]);
  expect(await acls.ruleNumbers("outbound")).toEqual(["100", "*"]);
  await expect(acls.panel.getByRole("table", { name: "Subnet associations" })).toContainText(PUBLIC_SUBNET);
  await expect(acls.panel.getByRole("table", { name: "Subnet associations" })).toContainText(PRIVATE_SUBNET);

  // 2: public-acl on the public subnet denies everything.
  await acls.open();
  await acls.create("public-acl");
  await acls.associate([PUBLIC_SUBNET]);
  await fire(lab, 1, "denied");
  await expect(lab.reasonCode(1)).toHaveText("SUBNET_ACL_RESTRICTION");
  await lessons.open();
  await lessons.expectStep("custom-acl", "done");
  await lessons.expectProgress(2, 8);

  // 3: HTTPS in; the reply is stopped on its way out.
  await acls.openAcl("public-acl");
  await acls.addEntries("inbound", [{ ruleNumber: "100", type: "HTTPS", cidr: "0.0.0.0/0" }]);
  await fire(lab, 1, "denied");
  await expect(lab.blockedReason).toContainText(", reply hop");
  await lessons.open();
  await lessons.expectStep("allow-https-in", "done");

  // 4: the classic mistake first (outbound 443), then ephemeral ports.
  await acls.openAcl("public-acl");
  await acls.addEntries("outbound", [{ ruleNumber: "100", type: "HTTPS", cidr: "0.0.0.0/0" }]);
  await fire(lab, 1, "denied");
  await expect(lab.blockedReason).toContainText(", reply hop");
  await lessons.open();
  await lessons.expectStep("ephemeral-ports", "current");
  await acls.openAcl("public-acl");
  await acls.editRules("outbound");
  await acls.field("Type", "outbound", 1).selectOption({ label: "Custom TCP" });
  await acls.field("Port range", "outbound", 1).fill("1024-65535");
  await acls.save();
  await expect(acls.rulesTable("outbound").locator('tr[data-rule="100"]')).toContainText("1024 - 65535");
  await fire(lab, 1, "allowed");
  await lessons.open();
  await lessons.expectStep("ephemeral-ports", "done");

  // 5: the database's replies come back to the App Server's ephemeral port.
  await fire(lab, 2, "denied");
  await acls.openAcl("public-acl");
  await acls.addEntries("inbound", [
    { ruleNumber: "110", type: "Custom TCP", portRange: "1024-65535", cidr: "10.1.2.0/24" },
  ]);
  await fire(lab, 2, "allowed");
  await fire(lab, 4, "denied");
  await lessons.open();
  await lessons.expectStep("database-replies", "done");

  // 6: an open connection 1, then a DENY numbered below 100 cuts it at once.
  await fire(lab, 1, "allowed");
  await acls.openAcl("public-acl");
  await acls.addEntries("inbound", [{ ruleNumber: "50", type: "All traffic", cidr: "1.2.3.4/32", action: "Deny" }]);
  expect(await acls.ruleNumbers("inbound")).toEqual(["50", "100", "110", "*"]);
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  // Connection 1 was fired first: firing it again keeps its place in the list.
  await expect(lab.firedItem(0).getByTestId("fired-session")).toHaveText("Cut");
  await fire(lab, 1, "denied");
  await expect(lab.reasonCode(1)).toHaveText("SUBNET_ACL_RESTRICTION");
  await lessons.open();
  await lessons.expectStep("deny-rule", "done");

  // 7: private-acl with only what the database needs.
  await acls.open();
  await acls.create("private-acl");
  await acls.associate([PRIVATE_SUBNET]);
  await acls.addEntries("inbound", [{ ruleNumber: "100", type: "MYSQL/Aurora", cidr: "10.1.1.0/24" }]);
  await acls.addEntries("outbound", [
    { ruleNumber: "100", type: "Custom TCP", portRange: "1024-65535", cidr: "10.1.1.0/24" },
  ]);
  await fire(lab, 2, "allowed");
  await lessons.open();
  await lessons.expectStep("private-acl", "done");

  // 8: read, and the lesson is complete.
  await lessons.nextStep("acl-vs-group");
  for (const id of ["custom-acl", "allow-https-in", "ephemeral-ports", "database-replies", "deny-rule", "private-acl"]) {
    await lessons.expectStep(id, "done");
  }
  await lessons.expectProgress(8, 8);
  await expect(lessons.complete).toContainText("Lesson complete");

  await acls.open();
  await expect(acls.row("public-acl").getByTestId("associated-with")).toHaveText("public-subnet");
  await expect(acls.row("private-acl").getByTestId("associated-with")).toHaveText("private-subnet");
});
