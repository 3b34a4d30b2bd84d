"""Keep compiled Jinja templates between builds.

MkDocs compiles Material's templates afresh at every build, which costs about a third of a
second: most of a build where nothing changed. Jinja's bytecode cache stores each compiled
template in .cache/jinja/, keyed on the template's name and a checksum of its source, so a
changed template is compiled again.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def on_env(env, config, files):
    directory = Path(config.config_file_path).parent / ".cache" / "jinja"
    directory.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(directory))
    return env
