// The theme follows the system's dark setting until the user chooses one, and the
// choice is kept across a reload.
import { test, expect } from "../fixtures/lab";

test("the theme follows the system until chosen, then keeps the choice", async ({ lab }) => {
  await lab.page.emulateMedia({ colorScheme: "dark" });
  await lab.goto();
  const app = lab.page.locator(".app");
  await expect(app).toHaveAttribute("data-theme", "dark");
  await lab.page.getByRole("button", { name: "Dark theme" }).click();
  await expect(app).toHaveAttribute("data-theme", "light");
  await lab.page.reload();
  await lab.title.waitFor();
  await expect(app).toHaveAttribute("data-theme", "light");
});

test("with no choice made, a light system gets the light theme", async ({ lab }) => {
  await lab.page.emulateMedia({ colorScheme: "light" });
  await lab.goto();
  await expect(lab.page.locator(".app")).toHaveAttribute("data-theme", "light");
});
