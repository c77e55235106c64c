import { test, expect } from "../fixtures/lab";

test.use({ reducedMotion: "reduce" });

test("with reduced motion the packet skips straight to the end", async ({ lab }) => {
  await lab.goto();
  await lab.fire(1);
  await expect(lab.playbackPosition).toContainText("Step 11 of 11");
  await expect(lab.packet).toHaveAttribute("data-step", "10");
  await expect(lab.page.getByTestId("play")).toHaveText(/Replay/);
});
