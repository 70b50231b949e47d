// Debian's Chromium, headless, for the browser tests (never a downloaded
// browser): launched with what a loopback-only network namespace and an
// unattended page need.
import {chromium} from "playwright-core";

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", ...extraArgs],
  });
}
