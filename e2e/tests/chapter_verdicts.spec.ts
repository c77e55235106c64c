import { test, expect } from "../fixtures/lab";

test("connections 1 and 2 are allowed", async ({ lab }) => {
  await lab.goto();
  for (const number of [1, 2]) {
    await lab.fire(number);
    await expect(lab.verdict(number)).toHaveAttribute("data-verdict", "allowed");
    await expect(lab.reasonCode(number)).toHaveCount(0);
  }
});

test("connections 3 and 4 are denied, each with a reason code", async ({ lab }) => {
  await lab.goto();
  for (const number of [3, 4]) {
    await lab.fire(number);
    await expect(lab.verdict(number)).toHaveAttribute("data-verdict", "denied");
    await expect(lab.reasonCode(number)).toHaveText(/^[A-Z0-9_]+$/);
  }
});
