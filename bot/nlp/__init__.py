"""Danish language processing on spaCy, built offline."""
