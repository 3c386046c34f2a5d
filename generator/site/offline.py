"""The offline build: a site that works when opened from a folder (file://), e.g. on an intranet
share or a USB stick, and fetches nothing from anywhere.

Browsers refuse ES module scripts and fetch() on file:// pages, so when mkdocs-material's
``offline`` plugin is on, the site's modules are joined into one classic script: each module runs
in its own function, imports become look-ups of the modules before it, and the generated JSON
files the scripts fetch (the calculator's data) are embedded and answered from memory. The
modules themselves stay as they are; this only rewrites the few forms of import and export they
use, and refuses anything else, so a new form fails the build instead of breaking the site."""

from __future__ import annotations

import json
import re

BUNDLE = "assets/fug-offline.js"
SHIM = "assets/vendor/iframe-worker/shim.js"  # vendored; see site-templates/vendor/iframe-worker/

_IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./([\w.-]+\.js)";[ \t]*$', re.M)
_EXPORT = re.compile(r"^export\s+((?:async\s+)?function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)", re.M)
_LEFTOVER = re.compile(r"^\s*(?:import\b(?!\.meta)|export\b)|import\.meta(?!\.url)", re.M)


class BundleError(ValueError):
    pass


def _module(name: str, text: str) -> tuple[list[str], list[str], str]:
    """(modules it imports, names it exports, its body as a function body)."""
    deps = [m.group(2) for m in _IMPORT.finditer(text)]
    exports = [m.group(2) for m in _EXPORT.finditer(text)]
    body = _IMPORT.sub(lambda m: f'const {{{m.group(1)}}} = fugModules__["{m.group(2)}"];', text)
    body = _EXPORT.sub(lambda m: f"{m.group(1)} {m.group(2)}", body)
    leftover = _LEFTOVER.search(body)
    if leftover:
        line = text[: leftover.start()].count("\n") + 1
        raise BundleError(
            f"{name}:{line}: the offline build cannot bundle this import/export form; "
            'use `import { a, b } from "./file.js";` and `export function|const|let|class name`'
        )
    return deps, exports, body.replace("import.meta.url", "fugScript__")


def bundle(modules: dict[str, str], files: dict[str, str]) -> str:
    """One classic script running ``modules`` (file name -> source, all in one folder) in
    dependency order. ``files`` (name relative to that folder -> JSON text) answer fetch()."""
    parsed = {name: _module(name, text) for name, text in modules.items()}
    order: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in order:
            return
        if name in trail or name not in parsed:
            raise BundleError(
                f"{trail[-1]}: imports {name}, which is "
                + ("part of an import cycle" if name in trail else "not one of the site's scripts")
            )
        for dep in parsed[name][0]:
            visit(dep, trail + (name,))
        order.append(name)

    for name in modules:
        visit(name, ())
    embedded = ",\n".join(f"  {json.dumps(name)}: {text}" for name, text in files.items())
    parts = [
        '"use strict";',
        "// Generated for the offline build from the site's ES modules (see generator/offline.py).",
        "(() => {",
        "const fugScript__ = document.currentScript.src;",
        'const folder = new URL(".", fugScript__).href;',
        f"const files = {{\n{embedded}\n}};",
        "const localFetch = (url) => {",
        "  const name = new URL(url, fugScript__).href.slice(folder.length);",
        "  return name in files ? Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(files[name]) })",
        "    : Promise.reject(new TypeError(`offline build: ${name} is not embedded`));",
        "};",
        "const fugModules__ = {};",
    ]
    for name in order:
        _, exports, body = parsed[name]
        parts.append(
            f"// --- {name}\nfugModules__[{json.dumps(name)}] = ((fetch) => {{\n{body.rstrip()}\n"
            f"return {{ {', '.join(exports)} }};\n}})(localFetch);"
        )
    parts.append("})();\n")
    return "\n".join(parts)
