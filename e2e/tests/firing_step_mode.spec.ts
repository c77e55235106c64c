import { test, expect } from "../fixtures/lab";

test("step-by-step mode moves the packet one hop per click", async ({ lab }) => {
  await lab.goto();
  await lab.setStepByStep(true);
  await lab.fire(1);
  // Connection 1: leave, 3 request hops, arrive, 5 reply hops, back.
  await expect(lab.playbackPosition).toContainText("Step 1 of 11");
  await expect(lab.playbackPosition).toContainText("Leaving Web browser");
  await expect(lab.currentHop()).toHaveCount(0);
  await expect(lab.packet).toHaveAttribute("data-step", "0");

  await lab.nextHop();
  await expect(lab.currentHop()).toHaveAttribute("data-leg", "request");
  await expect(lab.currentHop()).toHaveAttribute("data-index", "0");
  await expect(lab.currentHop()).toContainText("Internet gateway, in");
  await expect(lab.packet).toHaveAttribute("data-step", "1");

  await lab.nextHop();
  await expect(lab.currentHop()).toHaveAttribute("data-index", "1");
  await expect(lab.currentHop()).toContainText("Network ACL, inbound");

  await lab.previousHop();
  await expect(lab.currentHop()).toHaveAttribute("data-index", "0");

  // On to the reply: the App Server's group lets it out by connection tracking.
  for (let i = 0; i < 4; i++) await lab.nextHop();
  await expect(lab.currentHop()).toHaveAttribute("data-leg", "reply");
  await expect(lab.currentHop()).toHaveAttribute("data-outcome", "tracking");
  await expect(lab.playbackPosition).toContainText("Step 6 of 11");
});

test("without step mode the packet plays to the end by itself", async ({ lab }) => {
  await lab.goto();
  await lab.page.getByTestId("speed").selectOption({ label: "Very fast" });
  await lab.fire(3);
  await expect(lab.packet).toHaveAttribute("data-step", "1");
  await expect(lab.currentHop()).toHaveAttribute("data-outcome", "blocked");
  await expect(lab.page.getByTestId("play")).toHaveText(/Replay/);
});

test("the arrow keys step through the hops too", async ({ lab }) => {
  await lab.goto();
  await lab.setStepByStep(true);
  await lab.fire(2);
  await lab.page.getByRole("button", { name: "Next hop" }).focus();
  await lab.page.keyboard.press("ArrowRight");
  await lab.page.keyboard.press("ArrowRight");
  await expect(lab.currentHop()).toHaveAttribute("data-index", "1");
  await lab.page.keyboard.press("ArrowLeft");
  await expect(lab.currentHop()).toHaveAttribute("data-index", "0");
});
