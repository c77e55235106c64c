import { test, expect } from "../fixtures/lab";

test("a connection the engine cannot judge is shown as a message, and nothing is fired", async ({ lab }) => {
  await lab.goto();
  await lab.typeEnd("Source", "8.8.8.8");
  await lab.typeEnd("Destination", "9.9.9.9");
  await lab.fireForm();
  await expect(lab.fireError).toContainText("Neither `8.8.8.8` nor `9.9.9.9` is in the lab");
  await expect(lab.fireError).toHaveAttribute("role", "alert");
  await expect(lab.firedItems).toHaveCount(0);
  await expect(lab.arrows).toHaveCount(0);

  // Fixing the form clears the message.
  await lab.chooseEnd("Destination", "App Server (10.1.1.33)");
  await lab.fireForm();
  await expect(lab.fireError).toBeEmpty();
  await expect(lab.firedItems).toHaveCount(1);
});

test("a bad port is reported under its field", async ({ lab }) => {
  await lab.goto();
  await lab.chooseService("Custom TCP");
  await lab.page.getByLabel("Port", { exact: true }).fill("70000");
  await lab.fireForm();
  await expect(lab.page.getByTestId("field-error")).toHaveText("Enter a port from 0 to 65535.");
  await expect(lab.firedItems).toHaveCount(0);
});
