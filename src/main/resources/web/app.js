// The predict page: send photos to /api/predict, show each face the model saw and its probabilities.
"use strict";

const results = document.getElementById("results");
const statusLine = document.getElementById("status");
let labels = [];

function setStatus(text, isError) {
  statusLine.textContent = text;
  statusLine.className = isError ? "error" : "";
}

async function loadModel() {
  try {
    const r = await fetch("/api/model");
    const m = await r.json();
    labels = m.labels;
    document.getElementById("model").textContent = "Model " + m.run_id + " (" + m.kind + ", epoch " + m.epoch
      + ", " + m.architecture + " " + m.input_size + "x" + m.input_size + "): " + m.labels.join(", ");
  } catch (e) {
    setStatus("cannot reach the server: " + e, true);
  }
}

function element(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    e.setAttribute(k, v);
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

function showFace(container, face, index) {
  const row = element("div", {"class": "face", "data-testid": "face"});
  const img = element("img", {"src": face.aligned, "alt": "aligned face " + (index + 1), "data-testid": "aligned"});
  const bars = element("div", {"class": "bars"});
  const how = {"as-is": "a CelebA aligned crop, used as it is", "eyes": "aligned on the detected eyes",
    "box": "aligned on the face box (eyes not detected)"}[face.alignment];
  bars.appendChild(element("div", {"class": "meta"}, face.image + " · box " + face.box.join(",") + " · " + how));
  for (const label of labels) {
    const p = face[label];
    const bar = element("div", {"class": "bar"});
    bar.appendChild(element("span", {}, label));
    const track = element("div", {"class": "track", "role": "meter", "aria-label": label,
      "aria-valuemin": "0", "aria-valuemax": "1", "aria-valuenow": String(p)});
    const fill = element("div", {"class": p >= 0.5 ? "fill" : "fill low"});
    fill.style.width = (100 * p).toFixed(1) + "%";
    track.appendChild(fill);
    bar.appendChild(track);
    bar.appendChild(element("span", {"class": "value", "data-testid": "prob-" + label, "data-value": String(p)},
      p.toFixed(4)));
    bars.appendChild(bar);
  }
  row.appendChild(img);
  row.appendChild(bars);
  container.appendChild(row);
}

async function predict(blob, name) {
  const section = element("div", {"class": "photo", "data-testid": "photo"});
  section.appendChild(element("h2", {}, name));
  results.prepend(section);
  const form = new FormData();
  form.append("image", blob, name);
  setStatus("looking for faces in " + name + "…");
  try {
    const r = await fetch("/api/predict", {method: "POST", body: form});
    const body = await r.json();
    if (!r.ok) {
      section.appendChild(element("p", {"class": "error", "data-testid": "error"}, body.error));
      setStatus(name + ": " + body.error, true);
      return;
    }
    body.faces.forEach((face, i) => showFace(section, face, i));
    setStatus(name + ": " + body.faces.length + (body.faces.length === 1 ? " face" : " faces"));
  } catch (e) {
    section.appendChild(element("p", {"class": "error", "data-testid": "error"}, String(e)));
    setStatus(String(e), true);
  }
}

document.getElementById("file").addEventListener("change", async (event) => {
  for (const file of event.target.files) {
    await predict(file, file.name);
  }
  event.target.value = "";
});

const video = document.getElementById("video");
const snap = document.getElementById("snap");

document.getElementById("webcam").addEventListener("click", async () => {
  try {
    video.srcObject = await navigator.mediaDevices.getUserMedia({video: {facingMode: "user"}});
    video.hidden = false;
    snap.hidden = false;
    setStatus("webcam on: press Snap");
  } catch (e) {
    setStatus("the webcam cannot be used: " + e.message, true);
  }
});

snap.addEventListener("click", () => {
  if (!video.videoWidth) {
    setStatus("the webcam has no picture yet: try again in a moment", true);
    return;
  }
  const canvas = element("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext("2d").drawImage(video, 0, 0);
  canvas.toBlob((blob) => predict(blob, "webcam.png"), "image/png");
});

loadModel();
