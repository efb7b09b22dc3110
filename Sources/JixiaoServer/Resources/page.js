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
  const downloadAll = document.getElementById("download-all");
  const bodies = [];
  let templateChosenByHand = false;

  template.addEventListener("change", function () { templateChosenByHand = true; });

  downloadAll.querySelectorAll("button[data-download-all]").forEach(function (button) {
    button.addEventListener("click", function () { downloadEverything(button.dataset.downloadAll); });
  });

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
    const response = await fetch("/read?lang=" + lang + "&index=" + index + "&filename=" + encodeURIComponent(file.name), { method: "POST", body: body });
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
    // One file may hold several filings (a department's and its projects'): an article each,
    // every one with the download buttons, which all give the whole file's outputs.
    const holder = document.createElement("template");
    holder.innerHTML = await response.text();
    const shown = Array.from(holder.content.querySelectorAll("article"));
    article.replaceWith(holder.content);
    shown.forEach(function (filing) {
      filing.dataset.index = String(index);
      filing.querySelectorAll("button[data-download]").forEach(function (button) {
        button.addEventListener("click", function () { download(bodies[index], button.dataset.download); });
      });
    });
    if (index === 0 && shown.length > 0) { shown[0].scrollIntoView({ block: "start" }); }
    const suggested = suggestion(shown);
    bodies[index].read = true;
    bodies[index].filings = shown.length;
    bodies[index].template = suggested ? suggested.dataset.template : "";
    // Several files, or one holding several filings: everything can be had in one zip.
    const read = bodies.filter(function (entry) { return entry.read; });
    downloadAll.hidden = !(read.length > 1 || read.some(function (entry) { return entry.filings > 1; }));
    if (suggested && !templateChosenByHand) {
      template.value = suggested.dataset.template;
      reason.textContent = suggested.dataset.reason || "";
    }
  }

  // The file's form is written with one template: the one suggested for most of its filings
  // (on a tie, the earliest); the first filing suggesting it gives the reason.
  function suggestion(filings) {
    const counts = new Map();
    filings.forEach(function (filing) {
      const id = filing.dataset.template;
      if (id) { counts.set(id, (counts.get(id) || 0) + 1); }
    });
    let best = null;
    filings.forEach(function (filing) {
      const id = filing.dataset.template;
      if (id && (best === null || counts.get(id) > counts.get(best.dataset.template))) { best = filing; }
    });
    return best;
  }

  // Every file read, in one zip made by the server: an XLSX form each (in the template picked by
  // hand, else in the one suggested for that file) or canonical YAML each.
  async function downloadEverything(what) {
    const read = bodies.filter(function (entry) { return entry.read; });
    const data = new FormData();
    let url = "/api/v1/convert/batch?to=" + what;
    read.forEach(function (entry) {
      data.append("files", new Blob([entry.body]), entry.name);
      if (what === "xlsx" && !templateChosenByHand) { url += "&template=" + encodeURIComponent(entry.template || template.value); }
    });
    if (what === "xlsx" && templateChosenByHand) { url += "&template=" + encodeURIComponent(template.value); }
    const response = await fetch(url, { method: "POST", body: data });
    if (!response.ok) {
      let message = response.statusText;
      try { const error = (await response.json()).error; message = error.message + (error.position ? " (" + error.position + ")" : ""); } catch (e) { /* keep the status */ }
      alert(words.download_failed + ": " + message);
      return;
    }
    save(await response.blob(), words.download_all_name);
  }

  function save(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
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
    save(await response.blob(), stem + (what === "findings" ? ".findings.json" : "." + what));
  }
})();
