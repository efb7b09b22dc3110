// The page's script: reads each chosen, dropped or pasted filing through POST /read, shows the
// table the server renders, and downloads the outputs the API makes. Words come from the page.
(function () {
  "use strict";
  const words = JSON.parse(document.getElementById("words").textContent);
  const lang = document.documentElement.dataset.lang || (words.html_lang === "en" ? "en" : "zh");
  const form = document.getElementById("filing-form");
  const files = document.getElementById("files");
  const paste = document.getElementById("paste");
  const template = document.getElementById("template");
  const reason = document.getElementById("template-reason");
  const results = document.getElementById("results");
  const zone = document.getElementById("drop-zone");
  const bodies = [];
  let templateChosenByHand = false;

  template.addEventListener("change", function () { templateChosenByHand = true; });

  zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("over");
    readAll(Array.from(event.dataTransfer.files));
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const chosen = Array.from(files.files);
    if (paste.value.trim() !== "") {
      chosen.push(new File([paste.value], words.pasted_name, { type: "text/plain" }));
    }
    readAll(chosen);
  });

  async function readAll(list) {
    for (const file of list) { await readOne(file); }
  }

  async function readOne(file) {
    const article = document.createElement("article");
    article.textContent = file.name + ": " + words.reading;
    results.appendChild(article);
    const body = await file.arrayBuffer();
    const index = bodies.push({ name: file.name, body: body }) - 1;
    const response = await fetch("/read?lang=" + lang + "&filename=" + encodeURIComponent(file.name), { method: "POST", body: body });
    if (!response.ok) {
      let message = response.statusText;
      try { const error = (await response.json()).error; message = error.message + (error.position ? " (" + error.position + ")" : ""); } catch (e) { /* keep the status */ }
      article.innerHTML = "";
      const line = document.createElement("p");
      line.className = "failed";
      line.textContent = file.name + ": " + words.read_failed + ": " + message;
      article.appendChild(line);
      return;
    }
    article.outerHTML = await response.text();
    const shown = results.lastElementChild;
    shown.dataset.index = String(index);
    if (index === 0) { shown.scrollIntoView({ block: "start" }); }
    const suggested = shown.dataset.template;
    if (suggested && !templateChosenByHand) {
      template.value = suggested;
      reason.textContent = shown.dataset.reason || "";
    }
    shown.querySelectorAll("button[data-download]").forEach(function (button) {
      button.addEventListener("click", function () { download(bodies[index], button.dataset.download); });
    });
  }

  async function download(entry, what) {
    const name = encodeURIComponent(entry.name);
    const url = what === "findings" ? "/api/v1/validate?filename=" + name
      : "/api/v1/convert?to=" + what + "&filename=" + name + (what === "xlsx" ? "&template=" + encodeURIComponent(template.value) : "");
    const response = await fetch(url, { method: "POST", body: entry.body });
    if (!response.ok) {
      let message = response.statusText;
      try { message = (await response.json()).error.message; } catch (e) { /* keep the status */ }
      alert(words.download_failed + ": " + message);
      return;
    }
    const stem = entry.name.replace(/\.[^.]*$/, "");
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = stem + (what === "findings" ? ".findings.json" : "." + what);
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
})();
