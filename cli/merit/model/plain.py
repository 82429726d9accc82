"""What every class of the model is: plain typed data with a readable repr."""

from __future__ import annotations


class Plain:
    """Plain typed data with a readable repr.

    The model is written out by hand rather than with dataclasses: defining
    forty dataclasses costs more start-up time than a whole screening run.
    Nothing compares these by value.
    """

    __slots__: tuple[str, ...] = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"
