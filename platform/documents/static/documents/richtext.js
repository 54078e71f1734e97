/* A small rich-text editor over a plain <textarea>: the textarea stays the form field (and the fallback
   without JavaScript); the editor writes simple HTML into it. The server sanitises whatever arrives. */
(function () {
  function enhance(wrap) {
    var textarea = wrap.querySelector("textarea");
    var toolbar = wrap.querySelector(".richtext-toolbar");
    if (!textarea || wrap.dataset.enhanced) return;
    wrap.dataset.enhanced = "1";
    var editor = document.createElement("div");
    editor.className = "richtext-editor doc-content";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    editor.setAttribute("data-testid", "richtext-editor");
    editor.innerHTML = textarea.value.trim();
    textarea.classList.add("enhanced");
    textarea.after(editor);
    toolbar.hidden = false;
    var sourceMode = false;
    function sync() { if (!sourceMode) textarea.value = editor.innerHTML; }
    editor.addEventListener("input", sync);
    editor.addEventListener("blur", sync);
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      event.preventDefault();
      var cmd = button.dataset.cmd;
      if (cmd === "html") {
        sourceMode = !sourceMode;
        if (sourceMode) { sync(); textarea.classList.remove("enhanced"); editor.hidden = true; }
        else { editor.innerHTML = textarea.value; textarea.classList.add("enhanced"); editor.hidden = false; }
        button.classList.toggle("active", sourceMode);
        return;
      }
      if (sourceMode) return;
      editor.focus();
      document.execCommand(cmd, false, button.dataset.arg ? "<" + button.dataset.arg + ">" : null);
      sync();
    });
    var form = textarea.form;
    if (form) form.addEventListener("submit", sync);
  }
  function init(root) { (root || document).querySelectorAll("[data-richtext]").forEach(enhance); }
  document.addEventListener("DOMContentLoaded", function () { init(); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
