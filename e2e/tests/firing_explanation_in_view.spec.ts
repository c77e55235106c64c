// A fired connection's explanation comes into view in the side panel, wherever the
// button that fired it was.
import { test, expect } from "../fixtures/lab";

test("firing a chapter connection brings its explanation into view", async ({ lab }) => {
  await lab.goto();
  for (const n of [1, 4]) {
    await lab.fireButton(n).scrollIntoViewIfNeeded();
    await lab.fire(n);
    const heading = lab.page.locator("#explanation-heading");
    await expect(heading).toBeVisible();
    await expect(lab.explanation).toContainText(n === 1 ? "1.2.3.4" : "10.1.2.15");
    await expect
      .poll(async () => {
        const body = (await lab.page.locator("#side-panel-body").boundingBox())!;
        const h = (await heading.boundingBox())!;
        return h.y >= body.y - 1 && h.y + h.height <= body.y + body.height + 1;
      })
      .toBe(true);
  }
});
