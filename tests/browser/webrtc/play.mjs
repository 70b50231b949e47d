// Headless Chromium (Debian's, never a downloaded browser) opens the
// webrtc-streamer's player page, which signals by WHEP and plays over
// WebRTC; prints the time from page load to the first frame shown, checks
// the video goes on playing, then closes the page (its pagehide DELETEs
// the session).
//
//   node play.mjs http://127.0.0.1:PORT/whep.html
import {launch} from "../chromium.mjs";

const url = process.argv[2];
// The tests run in a network namespace with nothing but loopback: Chromium
// leaves loopback out of ICE unless told, and would hide its host
// candidates behind mDNS names the streamer cannot resolve.
const browser = await launch([
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
]);
let code = 1;
try {
  const page = await browser.newPage();
  await page.goto(url);
  const outcome = await page.waitForFunction(
      () => window.fluFirstFrameMs !== undefined || document.body.dataset.error,
      null, {timeout: 20000});
  const error = await page.evaluate(() => document.body.dataset.error);
  if (error) throw new Error("the page could not play: " + error);
  const firstFrame = await page.evaluate(() => window.fluFirstFrameMs);
  const t0 = await page.evaluate(() => document.getElementById("video").currentTime);
  await page.waitForFunction(
      (t) => document.getElementById("video").currentTime > t + 1, t0, {timeout: 10000});
  const steps = await page.evaluate(() => JSON.stringify(window.fluSteps));
  console.log(`first-frame-ms ${firstFrame.toFixed(1)} steps ${steps}`);
  await page.close({runBeforeUnload: true});
  code = 0;
  void outcome;
} catch (e) {
  console.error(String(e));
} finally {
  await browser.close();
}
process.exit(code);
