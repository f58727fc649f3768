"""The model: record classes and the small value types they are made of.

Records are frozen attrs classes; collections are tuples; references to other
records are ids, resolved through a :class:`palermo.Dataset`. Each class is
listed once, in the ``__all__`` of the module that defines it.
"""

from ._dates import *  # noqa: F403
from ._dates import __all__ as _dates_all
from ._enums import *  # noqa: F403
from ._enums import __all__ as _enums_all
from ._observance import *  # noqa: F403
from ._observance import __all__ as _observance_all
from ._records import *  # noqa: F403
from ._records import __all__ as _records_all
from ._symbol import *  # noqa: F403
from ._symbol import __all__ as _symbol_all

__all__ = sorted([*_dates_all, *_enums_all, *_observance_all, *_records_all, *_symbol_all])
