import { test, expect } from "../fixtures/lab";
import { DiagramPage, APP_SERVER, DATABASE, PUBLIC_SUBNET, PRIVATE_SUBNET, VPC, IGW } from "../fixtures/diagram_page";

test("the diagram shows the chapter's VPC, subnets, resources and internet hosts", async ({ lab }) => {
  await lab.goto();
  const d = new DiagramPage(lab.page);
  await expect(d.vpc(VPC)).toContainText("10.1.0.0/16");
  await expect(d.igw(IGW)).toBeVisible();
  await expect(d.subnet(PUBLIC_SUBNET)).toContainText("Public");
  await expect(d.subnet(PUBLIC_SUBNET)).toContainText("10.1.1.0/24");
  await expect(d.subnet(PRIVATE_SUBNET)).toContainText("Private");
  await expect(d.node(APP_SERVER)).toContainText("10.1.1.33");
  await expect(d.node(APP_SERVER)).toContainText("4.5.6.7");
  await expect(d.node(APP_SERVER)).toContainText("app-server-sg");
  await expect(d.node(APP_SERVER)).toHaveAttribute("aria-label", /^App Server 10\.1\.1\.33 4\.5\.6\.7 public app-server-sg, EC2 instance/);
  await expect(d.node(DATABASE)).toContainText("10.1.2.15");
  await expect(d.host("1.2.3.4")).toContainText("Web browser");
});
