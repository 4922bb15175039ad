// Reads QR badges from the phone's camera. The browser's own BarcodeDetector where it has one for
// QR codes (Android, ChromeOS, macOS); elsewhere ZXing's JavaScript decoder, loaded only then, reads
// frames of the video drawn on a canvas.

const ZXING = '/webjars/html5-qrcode/third_party/zxing-js.umd.min.js';
const EVERY_MS = 150;
/** The same code seen again within this time is the same scan, not a new one. */
const REPEAT_MS = 4000;
/** Frames wider than this are scaled down before decoding: enough for a badge, kinder to the CPU. */
const DECODE_WIDTH = 800;

let zxingLoading;

function loadZxing() {
  if (!zxingLoading) {
    zxingLoading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = ZXING;
      script.onload = () => resolve(window.ZXing);
      script.onerror = () => reject(new Error('QR decoder could not load'));
      document.head.append(script);
    });
  }
  return zxingLoading;
}

async function nativeDetector() {
  if (!('BarcodeDetector' in window)) {
    return null;
  }
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) {
      return null;
    }
  } catch {
    return null;
  }
  const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
  return async (video) => {
    const codes = await detector.detect(video);
    return codes.length ? codes[0].rawValue : null;
  };
}

async function zxingDetector() {
  const ZXing = await loadZxing();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const reader = new ZXing.QRCodeReader();
  return async (video) => {
    if (!video.videoWidth) {
      return null;
    }
    const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    try {
      const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(new ZXing.HTMLCanvasElementLuminanceSource(canvas)));
      return reader.decode(bitmap).getText();
    } catch {
      return null; // no QR code in this frame
    }
  };
}

/** The camera in a video element, calling onCode with each new QR code it reads. */
export function createCamera(video, onCode) {
  let stream = null;
  let timer = null;
  let last = { code: null, at: 0 };

  async function tick(detect) {
    if (!stream) {
      return;
    }
    try {
      const code = await detect(video);
      const now = Date.now();
      if (code && (code !== last.code || now - last.at > REPEAT_MS)) {
        last = { code, at: now };
        onCode(code);
      } else if (code) {
        last.at = now;
      }
    } catch {
      // a frame that could not be read; the next one may
    }
    timer = setTimeout(() => tick(detect), EVERY_MS);
  }

  return {
    get running() {
      return stream !== null;
    },
    /** Answers which decoder reads the frames: 'native' or 'zxing'. */
    async start() {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        throw new Error('no-camera');
      }
      const detect = (await nativeDetector()) || null;
      const decoder = detect || (await zxingDetector());
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      video.srcObject = stream;
      video.setAttribute('playsinline', '');
      await video.play();
      tick(decoder);
      return detect ? 'native' : 'zxing';
    },
    stop() {
      clearTimeout(timer);
      if (stream) {
        stream.getTracks().forEach((track) => track.stop());
      }
      stream = null;
      video.srcObject = null;
    },
  };
}
