// On a laptop the top bar and the diagram's toolbar are one line each: no word of
// their titles or buttons wraps, and nothing of them is outside the screen.
import { test, expect } from "../fixtures/lab";

for (const [width, height] of [
  [1024, 700],
  [1280, 800],
]) {
  test(`the top bar and the diagram's toolbar are one line each at ${width}×${height}`, async ({ lab }) => {
    await lab.page.setViewportSize({ width, height });
    await lab.goto();
    const parts = await lab.page.locator(".app").evaluate((app) => {
      // The bars' own titles and buttons, not the items of their (closed) menus.
      const items = Array.from(app.querySelectorAll(".topbar h1, .topbar button, .diagram-toolbar button")).filter(
        (e) => e.closest('[role="menu"]') === null && e.getClientRects().length > 0,
      );
      return items.map((e) => {
        const r = e.getBoundingClientRect();
        // The lines its words are set on: one rect per line box.
        const range = document.createRange();
        range.selectNodeContents(e);
        const tops = new Set(Array.from(range.getClientRects()).filter((l) => l.width > 0).map((l) => Math.round(l.top)));
        return { text: e.textContent?.trim() || e.getAttribute("aria-label"), right: r.right, lines: tops.size };
      });
    });
    for (const part of parts) {
      expect(part.lines, `${part.text} wraps`).toBeLessThanOrEqual(1);
      expect(part.right, `${part.text} is off screen`).toBeLessThanOrEqual(width);
    }
  });
}
