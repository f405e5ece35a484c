"""Is it better than what we run now: a champion and a challenger judged on the same labelled rows."""
