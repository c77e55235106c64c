import { test, expect } from "../fixtures/lab";
import { ReachPage } from "../fixtures/reach_page";
import { realisticLab } from "../bench/realistic_lab.mjs";

test("with 1000 interfaces the grid waits for filters; counts and questions cover every pair", async ({ lab }) => {
  test.setTimeout(90_000);
  await lab.goto();
  await lab.page.getByTestId("import").click();
  await lab.page.getByTestId("import-file").setInputFiles({
    name: "lab.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(realisticLab(1000))),
  });
  await expect(lab.page.getByText("The lab was imported")).toBeVisible({ timeout: 60_000 });

  const reach = new ReachPage(lab.page);
  await reach.open();
  // The same count as the engine's benchmark of this lab (BENCHMARKS.md).
  await expect(reach.summary).toContainText("1,005 ends: 295,385 allowed");
  await expect(reach.tooBig).toContainText("at most 60 sources and 60 destinations");
  await expect(reach.tooBig).toContainText("1,005 × 1,005");
  await expect(lab.page.locator(".reach-cell")).toHaveCount(0);

  // Filtered down, the grid is drawn: 50 partner-facing web servers × 10 databases.
  await reach.filterGroup("Sources", "partners (sg-00000000partners)");
  await reach.filterText("Destinations", "data-000");
  await expect(reach.summary).toContainText("50 sources × 10 destinations (filtered)");
  await expect(lab.page.locator(".reach-cell")).toHaveCount(500);
  await expect(reach.grid).toHaveClass(/compact/);
  await expect(reach.cell("web-0000", "data-0000")).toHaveAccessibleName(
    "web-0000 → data-0000: blocked (ENI_SG_RULES_MISMATCH at eni-00000000000000258)",
  );

  // A question about one database, on its own port, answers for the whole lab.
  await reach.ask("who can reach data-0000 on tcp 5432");
  await expect(reach.answer).toContainText(/^[\d,]+ can reach data-0000 on PostgreSQL \(TCP 5432\):/);
  await expect(reach.answerCan.getByRole("listitem")).toHaveCount(40);
  await expect(reach.answer).toContainText("more.");
  expect(await reach.answerNames()).toContain("app-0000");
});
