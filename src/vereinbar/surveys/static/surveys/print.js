// Pages meant for paper (the printed codes): a button for the browser's print dialogue, which
// also saves a PDF; shown only where scripts run.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
