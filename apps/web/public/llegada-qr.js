// The desk's arrival (ADR 0028): where the browser has a camera and BarcodeDetector, a button reads
// the confirmation's QR and sends the form; elsewhere the officer types the reference (or a
// hand-held scanner types the QR's text into the same field).
const reader = document.getElementById('app-qr-reader');
const start = document.getElementById('app-qr-start');
const video = document.getElementById('app-qr-video');
const status = document.getElementById('app-qr-status');
const field = document.getElementById('qr');
const form = document.getElementById('app-arrival-form');

async function read() {
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch {
    status.textContent = 'No se pudo usar la cámara: escriba el número de trámite de la confirmación.';
    return;
  }
  const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  status.textContent = 'Apunte la cámara al código QR de la confirmación.';
  start.disabled = true;
  const stop = () => {
    stream.getTracks().forEach((t) => t.stop());
    video.hidden = true;
    start.disabled = false;
  };
  const deadline = Date.now() + 60_000;
  const tick = async () => {
    if (Date.now() > deadline) {
      stop();
      status.textContent = 'No se leyó ningún código QR: inténtelo de nuevo o escriba el número de trámite.';
      return;
    }
    try {
      const [code] = await detector.detect(video);
      if (code && code.rawValue) {
        stop();
        field.value = code.rawValue;
        status.textContent = 'Código QR leído: registrando la llegada.';
        form.submit();
        return;
      }
    } catch {
      // A frame the detector could not read: the next one.
    }
    setTimeout(tick, 250);
  };
  void tick();
}

if (reader && start && video && status && field && form && 'BarcodeDetector' in window && navigator.mediaDevices?.getUserMedia) {
  reader.hidden = false;
  start.addEventListener('click', () => void read());
}
