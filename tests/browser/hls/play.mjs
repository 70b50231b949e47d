// Headless Chromium (Debian's, never a downloaded browser) opens the
// hls-streamer's player page; the page's hls.js (from npm, handed to the
// page by a route, as a site would host it) plays the master playlist
// through Media Source Extensions. Prints what the browser says of H.264
// natively and through MSE, and the time from page load to playing; checks
// currentTime advances.
//
//   node play.mjs http://127.0.0.1:PORT/live/
import {launch} from "../chromium.mjs";
import {fileURLToPath} from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const hlsJs = path.join(here, "../node_modules/hls.js/dist/hls.min.js");
const url = process.argv[2];
const browser = await launch();
let code = 1;
try {
  const page = await browser.newPage();
  await page.route("**/hls.min.js", (route) => route.fulfill({path: hlsJs}));
  const t0 = Date.now();
  await page.goto(url);
  const support = await page.evaluate(() => ({
    native: document.createElement("video").canPlayType("application/vnd.apple.mpegurl"),
    mse: MediaSource.isTypeSupported('video/mp4; codecs="avc1.64001f,mp4a.40.2"'),
    hlsjs: !!(window.Hls && Hls.isSupported()),
  }));
  console.log(`native-hls "${support.native}" mse-h264 ${support.mse} hls.js ${support.hlsjs}`);
  if (!support.hlsjs) throw new Error("hls.js did not load or finds no MSE");
  const video = "document.getElementById('player')";
  await page.waitForFunction(`${video}.currentTime > 0`, null, {timeout: 30000});
  const playing = Date.now() - t0;
  const t1 = await page.evaluate(`${video}.currentTime`);
  await page.waitForFunction(`${video}.currentTime > ${t1} + 1.5`, null, {timeout: 15000});
  const t2 = await page.evaluate(`${video}.currentTime`);
  console.log(`playing-after-ms ${playing} currentTime ${t1.toFixed(2)} -> ${t2.toFixed(2)}`);
  code = 0;
} catch (e) {
  console.error(String(e));
} finally {
  await browser.close();
}
process.exit(code);
