// newsdesk web app: the only script the pages run (served from /static, never inline).
// On a job page it polls the job's progress and shows its result; nothing else needs script.
(function () {
  "use strict";
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function articleHref(id) { return "/articles/" + encodeURIComponent(id); }
  function showResult(box, job) {
    box.textContent = "";
    var result = job.result;
    if (!result) { return; }
    box.appendChild(el("h2", "Stored"));
    var list = el("ul", null, {"class": "job-articles"});
    if (!result.articles.length) { list.appendChild(el("li", "nothing")); }
    result.articles.forEach(function (a) {
      var li = el("li");
      li.appendChild(el("a", a.title || a.id, {href: articleHref(a.id)}));
      li.appendChild(document.createTextNode(" — " + a.status));
      if (a.story) {
        li.appendChild(document.createTextNode(", story "));
        li.appendChild(el("a", a.story, {href: "/stories/" + encodeURIComponent(a.story), "class": "job-story"}));
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    if (result.skipped.length) {
      box.appendChild(el("h2", "Skipped"));
      var skipped = el("ul", null, {"class": "job-skipped"});
      result.skipped.forEach(function (s) { skipped.appendChild(el("li", s.source + ": " + s.reason)); });
      box.appendChild(skipped);
    }
  }
  function poll(section) {
    var id = section.getAttribute("data-job");
    var state = document.getElementById("job-state"), stage = document.getElementById("job-stage");
    var read = document.getElementById("job-read"), bar = document.getElementById("job-bar");
    var message = document.getElementById("job-message"), box = document.getElementById("job-result");
    function tick() {
      fetch("/api/jobs/" + encodeURIComponent(id), {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var job = data.job;
          if (!job) { message.textContent = (data.error && data.error.message) || "job not found"; return; }
          state.textContent = job.state; state.className = "badge " + job.state;
          stage.textContent = job.stage; read.textContent = job.read;
          message.textContent = job.message || "";
          section.setAttribute("data-state", job.state);
          if (job.state === "done" || job.state === "failed") {
            bar.setAttribute("max", "1"); bar.setAttribute("value", "1");
            showResult(box, job);
          } else {
            setTimeout(tick, 400);
          }
        })
        .catch(function () { setTimeout(tick, 1500); });
    }
    var current = section.getAttribute("data-state");
    if (current !== "done" && current !== "failed") { tick(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var job = document.querySelector("section[data-job]");
    if (job) { poll(job); }
  });
})();
