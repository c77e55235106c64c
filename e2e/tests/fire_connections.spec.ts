import { test, expect } from "../fixtures/lab";

test("each of the four connections can be fired and shows an answer", async ({ lab }) => {
  await lab.goto();
  for (const number of [1, 2, 3, 4]) {
    await expect(lab.verdict(number)).toHaveAttribute("data-verdict", "none");
    await lab.fire(number);
    await expect(lab.verdict(number)).not.toHaveAttribute("data-verdict", "none");
    await expect(lab.summarySentence(number)).not.toBeEmpty();
  }
});
