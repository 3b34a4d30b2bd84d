// Material draws the buttons of each code block (copy) inside a <nav> element, so a page
// with many code blocks has many navigation landmarks without names, which screen reader
// users have to wade through. A group of buttons is not a landmark: the <nav> keeps its
// buttons but loses its landmark role.
const codeNavigations = new MutationObserver(() => {
  for (const nav of document.querySelectorAll(".md-code__nav:not([role])")) {
    nav.setAttribute("role", "none");
  }
});
codeNavigations.observe(document.body, { childList: true, subtree: true });

// Material makes a code block that scrolls sideways focusable, so that keyboard users can
// scroll it too, but only once the block comes into view (content.lazy in mkdocs.yml). A
// browser that does not focus such blocks by itself would let the Tab key skip those further
// down. Before each Tab moves the focus, the blocks Material has not reached yet get the
// tabindex it would give them: on screens with a pointer that hovers, if they scroll.
const pointerHovers = matchMedia("(hover)").matches;
const WAITING_CODE = '.md-content pre:not(.mermaid):not([id^="__code_"]) > code';
if (pointerHovers) {
  addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    for (const code of document.querySelectorAll(WAITING_CODE)) {
      if (code.scrollWidth > code.offsetWidth) {
        code.setAttribute("tabindex", "0");
      } else {
        code.removeAttribute("tabindex");
      }
    }
  });
}
