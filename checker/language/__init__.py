"""The protocol language: one keyword table, the parser, the model it builds, and text back out."""
