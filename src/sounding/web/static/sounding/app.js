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
