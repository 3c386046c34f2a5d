"""A builder's config file (mkdocs.yml) read as plain data, without MkDocs: for the commands that
must know its paths and our plugin's options before (or instead of) a build. INHERIT is followed as
MkDocs follows it: mappings merge, anything else (lists included) is replaced by the child's."""

from __future__ import annotations

from pathlib import Path

import yaml

PLUGIN = "follow-up-guide"
MAX_INHERIT = 10  # a chain longer than this is a loop


class _Loader(yaml.SafeLoader):
    """Configs carry tags (!ENV, !relative, !!python/name:...) for values read here only as paths or
    not at all: a tagged scalar reads as its text, any other tagged node as None."""


_Loader.add_multi_constructor(
    "", lambda loader, suffix, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
)


def read_yaml(path: Path):
    """A YAML file as data; None when there is no such file."""
    return yaml.load(path.read_text("utf-8"), Loader=_Loader) if path.is_file() else None


def _merged(parent: dict, child: dict) -> dict:
    out = dict(parent)
    for key, value in child.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def read_config(path: Path, depth: int = 0) -> dict:
    """The config's keys after INHERIT. Relative paths in it resolve against ``path``'s folder."""
    data = read_yaml(path) or {}
    parent = data.pop("INHERIT", None)
    if parent and depth < MAX_INHERIT:
        return _merged(read_config((path.parent / str(parent)).resolve(), depth + 1), data)
    return data


def plugins(config: dict) -> dict[str, dict]:
    """The config's plugins by name, each with its options."""
    out = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict):
            out.update({name: options or {} for name, options in entry.items()})
        else:
            out[entry] = {}
    return out
