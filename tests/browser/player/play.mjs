// Headless Chromium opens the http-streamer's player page and plays it:
// the <video> gets both tracks' media, its currentTime advances for two
// seconds, and a frame is decoded (a picture, not just a clock). Prints the
// time from navigation to the first frame.
//
//   node play.mjs http://127.0.0.1:PORT/live.webm.html
import {launch} from "../chromium.mjs";

const url = process.argv[2];
const browser = await launch();
let code = 1;
try {
  const page = await browser.newPage();
  const start = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => {
    const v = document.getElementById("player");
    if (v.error) return true;
    return v.readyState >= 2 && v.getVideoPlaybackQuality().totalVideoFrames > 0;
  }, null, {timeout: 20000});
  const firstFrameMs = Date.now() - start;
  const error = await page.evaluate(() => {
    const e = document.getElementById("player").error;
    return e ? `${e.code} ${e.message}` : "";
  });
  if (error) throw new Error("the video element failed: " + error);
  const t0 = await page.evaluate(() => document.getElementById("player").currentTime);
  await page.waitForFunction(
      (t) => document.getElementById("player").currentTime > t + 2, t0, {timeout: 10000});
  const info = await page.evaluate(() => {
    const v = document.getElementById("player");
    return {
      width: v.videoWidth,
      height: v.videoHeight,
      frames: v.getVideoPlaybackQuality().totalVideoFrames,
      audio: v.mozHasAudio ?? (v.webkitAudioDecodedByteCount > 0),
    };
  });
  if (info.width !== 320 || info.height !== 240)
    throw new Error(`the picture is ${info.width}x${info.height}, not 320x240`);
  if (!info.audio) throw new Error("no audio was decoded");
  console.log(`first-frame-ms ${firstFrameMs} frames ${info.frames}`);
  code = 0;
} catch (e) {
  console.error(String(e));
} finally {
  await browser.close();
}
process.exit(code);
