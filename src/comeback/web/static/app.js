/* Comeback: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  var audio = null;
  function beep(freq, ms) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = freq || 880; gain.gain.value = 0.2;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + (ms || 150) / 1000);
    } catch (e) { /* no audio: the numbers still show */ }
  }
  function say(text, on) {
    if (on && window.speechSynthesis) {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(String(text)));
    }
  }

  // Her time zone, from the phone, where the field still holds the server's default.
  document.querySelectorAll("[data-detect-zone]").forEach(function (input) {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && (!input.value || input.dataset.detectZone === input.value)) input.value = zone;
    } catch (e) { /* keep the server's value */ }
  });

  // Rest timer after a logged set.
  document.querySelectorAll("[data-timer]").forEach(function (el) {
    var left = parseInt(el.dataset.timer, 10);
    var tick = setInterval(function () {
      left -= 1; el.textContent = Math.max(left, 0);
      if (left <= 0) { clearInterval(tick); el.textContent = "Go"; beep(660, 300); }
    }, 1000);
  });

  // Follow-along: big numbers, beeps, optional speech, the screen kept awake.
  var follow = document.querySelector("[data-follow]");
  if (!follow) return;
  var big = follow.querySelector(".big"), label = follow.querySelector("[data-label]");
  var startBtn = follow.querySelector("[data-start]"), speak = follow.querySelector("[data-speak]");
  var sets = +follow.dataset.sets, reps = +follow.dataset.reps, hold = +follow.dataset.hold;
  var repSeconds = +follow.dataset.repSeconds, restSeconds = +follow.dataset.rest;
  var lock = null, timer = null;
  function steps() {
    var list = [{ label: "Get ready", count: 3, beep: false }];
    for (var s = 1; s <= sets; s++) {
      for (var r = 1; r <= reps; r++) {
        if (hold) list.push({ label: "Set " + s + ", hold " + r + " of " + reps, count: hold, beep: true });
        else list.push({ label: "Set " + s + ": rep", count: r, up: true, seconds: repSeconds, beep: true });
        if (hold && r < reps) list.push({ label: "Relax", count: Math.max(3, Math.round(hold / 2)), beep: false });
      }
      if (s < sets) list.push({ label: "Rest", count: restSeconds, beep: false });
    }
    return list;
  }
  function run(list, i) {
    if (i >= list.length) {
      big.textContent = "✓"; label.textContent = "Done. Log your sets below."; beep(660, 400);
      say("Done", speak && speak.checked); if (lock) lock.release(); startBtn.disabled = false; return;
    }
    var step = list[i];
    label.textContent = step.label;
    if (step.up) {  // a counted rep: show its number for the rep's duration
      big.textContent = step.count; beep(880, 120); say(step.count, speak && speak.checked);
      timer = setTimeout(function () { run(list, i + 1); }, step.seconds * 1000);
      return;
    }
    var left = step.count; big.textContent = left;
    if (step.beep) beep(880, 200);
    say(step.label, speak && speak.checked);
    timer = setInterval(function () {
      left -= 1;
      if (left <= 0) { clearInterval(timer); if (step.beep) beep(520, 300); run(list, i + 1); return; }
      big.textContent = left;
    }, 1000);
  }
  startBtn.addEventListener("click", function () {
    startBtn.disabled = true;
    if (navigator.wakeLock) navigator.wakeLock.request("screen").then(function (l) { lock = l; }, function () {});
    beep(1, 1);  // unlock audio on the tap (mobile browsers need a gesture)
    run(steps(), 0);
  });
})();
