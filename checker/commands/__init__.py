"""The commands: thin modules over the one check core (explain, simulate, test, diff, init, fmt...)."""
