import { test, expect } from "../fixtures/lab";
import { ReachPage } from "../fixtures/reach_page";

test("one-line questions are answered with a list, and bad ones say why", async ({ lab }) => {
  await lab.goto();
  const reach = new ReachPage(lab.page);
  await reach.open();

  await reach.ask("who can reach App Server on port 443?");
  await expect(reach.answer).toContainText("2 can reach App Server on HTTPS (TCP 443):");
  expect(await reach.answerNames()).toEqual(["Web browser", "Suspicious server"]);
  // And who cannot, with the hop that stops it and its reason code in words.
  await expect(reach.answerCannot).toContainText("1 cannot reach App Server on HTTPS (TCP 443):");
  const [database] = await reach.cannotLines();
  expect(database).toContain("MySQL database");
  expect(database).toContain("blocked at MySQL database's security groups (eni-0a1b2c3d4e5f60002)");
  expect(database).toContain("Security groups, outbound, on the request");
  expect(database).toContain("SG_HAS_NO_RULES: the interface's security groups have no rules at all in that direction.");

  // Its own service, not the picker's.
  await reach.ask("where can App Server go on tcp 3306");
  await expect(reach.answer).toContainText("App Server can reach 1 on MYSQL/Aurora (TCP 3306):");
  expect(await reach.answerNames()).toEqual(["MySQL database"]);

  // Without one, the picker's.
  await reach.ask("where can MySQL database go?");
  await expect(reach.answer).toContainText("MySQL database can reach nothing on HTTPS (TCP 443).");
  // Two internet hosts are no connection: said so, with the addresses as code, no backticks.
  await reach.ask("who can reach Web browser");
  await expect(reach.answerCannot).toContainText("Neither 203.0.113.66 nor 1.2.3.4 is in the lab");
  await expect(reach.answerCannot).not.toContainText("`");
  await expect(reach.answerCannot.locator("code", { hasText: "203.0.113.66" })).toHaveCount(1);
  await reach.ask("where can MySQL database go?");
  await reach.chooseType("MYSQL/Aurora (3306)");
  await expect(reach.answer).toContainText("MySQL database can reach nothing on MYSQL/Aurora (TCP 3306).");

  // Errors in plain words beside the field; the question stays as typed.
  await reach.ask("can the App Server reach the database?");
  await expect(reach.questionError).toHaveText("Ask who can reach X on port P or where can X go on port P.");
  await expect(reach.question).toHaveAttribute("aria-invalid", "true");
  await expect(reach.question).toHaveValue("can the App Server reach the database?");
  await expect(reach.answer).toHaveCount(0);
  await reach.ask("who can reach Bastion on 22");
  await expect(reach.questionError).toContainText("Nothing in the lab is called Bastion");
  await reach.ask("who can reach App Server on port https");
  await expect(reach.questionError).toContainText("port https is not a service");

  // An answer's entry fires its connection.
  await reach.ask("who can reach 10.1.2.15 on 3306");
  expect(await reach.answerNames()).toEqual(["App Server"]);
  await reach.answerCan.getByRole("button", { name: "App Server" }).click();
  await expect(lab.page.getByRole("tab", { name: "Connections" })).toHaveAttribute("aria-selected", "true");
  await expect(lab.firedItem(0)).toHaveAttribute("data-verdict", "allowed");
});
