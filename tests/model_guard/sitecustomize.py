"""Run at the start of every Python process the tests start: see audiowc_model_guard.py."""

import audiowc_model_guard

audiowc_model_guard.watch_imports()
