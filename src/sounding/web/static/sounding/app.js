// Start the GOV.UK Design System's components. Loaded as a module from base.html: the
// Content Security Policy allows no inline script, so this file does what the usual inline
// snippet would. Only browsers that run ES modules get here, and those are the ones
// govuk-frontend supports: mark the body so (its CSS and isSupported() read the class).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();

// htmx swaps in new markup (a theme's row, the responses, progress): start the components
// in it. Those already started are skipped; any other failure is still reported.
document.addEventListener("htmx:afterSettle", (event) => {
  const scope = event.detail && event.detail.elt;
  focusAfterSwap(scope);
  if (scope instanceof Element && scope.isConnected) {
    initAll({
      scope,
      onError: (error) => {
        if (error.name !== "InitError") console.error(error);
      },
    });
  }
});

// Keyboard users keep their place: markup swapped in says what to focus (the edit form's
// first field or its errors; the row's Edit link when the row comes back).
function focusAfterSwap(scope) {
  if (!(scope instanceof Element) || !scope.isConnected) return;
  const holder = scope.matches("[data-focus-after-swap]")
    ? scope
    : scope.querySelector("[data-focus-after-swap]");
  if (!holder) return;
  const target = holder.querySelector(holder.dataset.focusAfterSwap);
  if (target instanceof HTMLElement) {
    if (!target.hasAttribute("tabindex") && !target.matches("a, input, button, select, textarea")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }
}

// Assist: adding documents shows the upload's progress. The form works as a plain post
// without this (and is left to do so when no file is chosen); here it goes by
// XMLHttpRequest, whose upload reports progress, and the server answers where to go next
// (a redirect would be followed inside the request, using up the page's messages).
document.querySelectorAll("form[data-app-upload]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    const input = form.querySelector("input[type=file]");
    const status = form.querySelector("[data-app-upload-status]");
    if (!input || !input.files || input.files.length === 0 || !status) return;
    event.preventDefault();
    uploadWithProgress(form, status);
  });
});

function uploadWithProgress(form, status) {
  const bar = status.querySelector("progress");
  const label = status.querySelector("[data-app-upload-label]");
  const button = form.querySelector("button[type=submit]");
  const request = new XMLHttpRequest();
  status.hidden = false;
  if (button) button.disabled = true;
  request.upload.addEventListener("progress", (event) => {
    if (!event.lengthComputable) return;
    const percent = Math.round((event.loaded / event.total) * 100);
    bar.value = percent;
    label.textContent = `Uploading: ${percent}%`;
  });
  request.upload.addEventListener("load", () => {
    bar.removeAttribute("value"); // indeterminate: the server is reading the files now
    label.textContent = "Reading and indexing the documents…";
  });
  request.addEventListener("load", () => {
    let location = null;
    try {
      location = JSON.parse(request.responseText).location;
    } catch {
      location = null;
    }
    if (request.status !== 200 || typeof location !== "string" || !location.startsWith("/")) {
      form.submit(); // the server's own page says what went wrong
      return;
    }
    // The same page with a new fragment would only scroll: load it again instead.
    window.history.replaceState(null, "", location);
    window.location.reload();
  });
  request.addEventListener("error", () => form.submit());
  request.open("POST", form.action);
  request.setRequestHeader("X-Sounding-Upload", "progress");
  request.send(new FormData(form));
}
