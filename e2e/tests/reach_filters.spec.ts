import { test, expect } from "../fixtures/lab";
import { ReachPage } from "../fixtures/reach_page";

test("filters pick the sources and destinations by name, subnet and security group", async ({ lab }) => {
  await lab.goto();
  const reach = new ReachPage(lab.page);
  await reach.open();
  await expect(reach.rowHeaders()).toHaveCount(4);

  await reach.filterSubnet("Sources", "The internet (hosts)");
  await expect(reach.rowHeaders()).toHaveText(["Web browser", "Suspicious server"]);
  await expect(reach.columnHeaders()).toHaveCount(4);
  await expect(reach.summary).toContainText("2 sources × 4 destinations (filtered)");

  await reach.filterGroup("Destinations", "app-server-sg (sg-0a1b2c3d4e5f60002)");
  await expect(reach.columnHeaders()).toHaveText(["App Server"]);
  await expect(reach.cell("Suspicious server", "App Server")).toHaveAttribute("data-state", "allowed");

  await reach.filterText("Sources", "1.2.3.4");
  await expect(reach.rowHeaders()).toHaveText(["Web browser"]);

  await reach.filterText("Sources", "no such thing");
  await expect(lab.page.getByTestId("reach-empty")).toHaveText("No source matches the filters.");

  await lab.page.getByRole("button", { name: "Clear filters" }).click();
  await expect(reach.rowHeaders()).toHaveCount(4);
  await expect(reach.columnHeaders()).toHaveCount(4);
});
