"""Backends found by name: Sounding's own, then any installed package's entry points.

An embedder or an LLM provider is a callable registered under a name in an entry point
group, as simonw/llm's plugins register models, so a new backend is installed and named
in sounding.toml without editing Sounding. A package declares, in its pyproject.toml:

    [project.entry-points."sounding.embedders"]
    my-model = "my_package.embedder:MyEmbedder"

Sounding's built-ins are written the same way ("module:attribute", imported on first use)
in a table beside each group rather than in its own package metadata, so they work from a
source checkout too, and a plugin cannot replace one by taking its name.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar, cast

from sounding.errors import SoundingError

T = TypeVar("T")


class Registry(Generic[T]):
    """The backends of one entry point `group`: the `builtins` first, then plugins."""

    def __init__(self, group: str, builtins: Mapping[str, str], kind: str) -> None:
        self.group = group
        self.builtins = dict(builtins)
        self.kind = kind

    def names(self) -> list[str]:
        """Every registered name: built-ins, then plugins', in order."""
        plugins = sorted({e.name for e in entry_points(group=self.group)} - set(self.builtins))
        return [*self.builtins, *plugins]

    def __contains__(self, name: str) -> bool:
        return self._entry(name) is not None

    def get(self, name: str) -> T:
        """The backend registered as `name`, imported; a SoundingError naming the choices
        when there is none or it cannot be imported."""
        entry = self._entry(name)
        if entry is None:
            raise SoundingError(
                f"No {self.kind} is registered as {name!r}.",
                f"Registered: {', '.join(self.names())}. A package adds one through the "
                f"{self.group!r} entry point group.",
            )
        try:
            return cast(T, entry.load())
        except (ImportError, AttributeError) as exc:
            raise SoundingError(
                f"The {self.kind} {name!r} ({entry.value}) could not be loaded: {exc}",
                "Reinstall the package that provides it, or choose another.",
            ) from exc

    def _entry(self, name: str) -> EntryPoint | None:
        if name in self.builtins:
            return EntryPoint(name, self.builtins[name], self.group)
        return next(iter(entry_points(group=self.group, name=name)), None)
