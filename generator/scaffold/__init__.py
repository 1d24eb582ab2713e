"""`charters init`: a new community repository (the files it writes sit beside this module)."""
