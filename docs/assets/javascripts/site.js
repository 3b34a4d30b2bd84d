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
