"""Records: what they may hold, how they are read and cross-checked, and the files kept beside them."""
